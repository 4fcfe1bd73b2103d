//! Which dimensions group the KPIs.

/// Which dimensions group the KPIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct By {
    /// Keep organisations apart.
    pub org: bool,
    /// Keep units apart.
    pub unit: bool,
    /// Keep quarters apart.
    pub period: bool,
    /// Add rows per category.
    pub category: bool,
    /// Add rows per severity.
    pub severity: bool,
}

impl Default for By {
    fn default() -> Self {
        By {
            org: true,
            unit: true,
            period: true,
            category: true,
            severity: true,
        }
    }
}
