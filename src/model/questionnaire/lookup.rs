//! Finding the parts of a questionnaire by id or key: an index of positions
//! built on first use (and searched past when a list has changed since), and
//! the lookups, iterators and status spellings built on it.

use super::{Category, Metric, PriorityDef, Questionnaire, StatusDef, Subcategory};
use crate::model::Lang;
use std::collections::HashMap;

/// Lookups by id; never part of a comparison or of the serialised form.
#[derive(Clone, Default)]
pub(super) struct Index(std::sync::OnceLock<Lookup>);

#[derive(Clone, Default)]
struct Lookup {
    metric: HashMap<String, usize>,
    subcategory: HashMap<String, usize>,
    category: HashMap<String, usize>,
    category_by_id: HashMap<String, usize>,
    status: HashMap<String, usize>,
    priority: HashMap<String, usize>,
    /// Every spelling of a status (key, alias, label; trimmed, lower case).
    spelling: HashMap<String, usize>,
    metrics_of_subcategory: HashMap<String, Vec<usize>>,
    metrics_of_category: HashMap<String, Vec<usize>>,
    subcategories_of_category: HashMap<String, Vec<usize>>,
    /// Lengths of the lists when the index was built.
    lens: [usize; 5],
}

impl PartialEq for Index {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Index")
    }
}

/// The first position of every key.
fn positions<'a>(keys: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (i, k) in keys.enumerate() {
        map.entry(k.to_string()).or_insert(i);
    }
    map
}

impl Questionnaire {
    /// Forget the lookup index; call after changing the ids or the order of
    /// `metrics`, `subcategories` or `categories`, or a metric's subcategory.
    pub fn reindex(&mut self) {
        self.index = Index::default();
    }

    fn lens(&self) -> [usize; 5] {
        [
            self.metrics.len(),
            self.subcategories.len(),
            self.categories.len(),
            self.statuses.len(),
            self.priorities.len(),
        ]
    }

    /// The index, or `None` when a list changed length since it was built
    /// (lookups then search the lists).
    fn lookup(&self) -> Option<&Lookup> {
        let lookup = self.index.0.get_or_init(|| self.build_lookup());
        (lookup.lens == self.lens()).then_some(lookup)
    }

    fn build_lookup(&self) -> Lookup {
        let subcategory = positions(self.subcategories.iter().map(|s| s.id.as_str()));
        let category_by_id = positions(self.categories.iter().map(|c| c.id.as_str()));
        let mut metrics_of_subcategory: HashMap<String, Vec<usize>> = HashMap::new();
        let mut metrics_of_category: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, m) in self.metrics.iter().enumerate() {
            metrics_of_subcategory
                .entry(m.subcategory.clone())
                .or_default()
                .push(i);
            if let Some(&s) = subcategory.get(&m.subcategory) {
                metrics_of_category
                    .entry(self.subcategories[s].category.clone())
                    .or_default()
                    .push(i);
            }
        }
        let mut subcategories_of_category: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, s) in self.subcategories.iter().enumerate() {
            subcategories_of_category
                .entry(s.category.clone())
                .or_default()
                .push(i);
        }
        let mut spelling = HashMap::new();
        for (i, s) in self.statuses.iter().enumerate() {
            let spellings = std::iter::once(s.key.to_lowercase())
                .chain(s.aliases.iter().map(|a| a.trim().to_lowercase()))
                .chain(
                    [Lang::En, Lang::Ja]
                        .iter()
                        .map(|l| s.label.get(*l).trim().to_lowercase()),
                );
            for sp in spellings {
                spelling.entry(sp).or_insert(i);
            }
        }
        Lookup {
            metric: positions(self.metrics.iter().map(|m| m.id.as_str())),
            subcategory,
            category: positions(self.categories.iter().map(|c| c.key.as_str())),
            category_by_id,
            status: positions(self.statuses.iter().map(|s| s.key.as_str())),
            priority: positions(self.priorities.iter().map(|p| p.key.as_str())),
            spelling,
            metrics_of_subcategory,
            metrics_of_category,
            subcategories_of_category,
            lens: self.lens(),
        }
    }

    /// The status definition with this canonical key.
    pub fn status(&self, key: &str) -> Option<&StatusDef> {
        match self.lookup() {
            Some(l) => self
                .statuses
                .get(*l.status.get(key)?)
                .filter(|s| s.key == key),
            None => self.statuses.iter().find(|s| s.key == key),
        }
    }

    /// The priority definition with this key.
    pub fn priority(&self, key: &str) -> Option<&PriorityDef> {
        self.priorities.get(self.priority_rank(key))
    }

    /// Position of a priority in importance order (0 = most important).
    pub fn priority_rank(&self, key: &str) -> usize {
        let found = match self.lookup() {
            Some(l) => l
                .priority
                .get(key)
                .copied()
                .filter(|&i| self.priorities.get(i).is_some_and(|p| p.key == key)),
            None => self.priorities.iter().position(|p| p.key == key),
        };
        found.unwrap_or(usize::MAX)
    }

    /// The metric with this id.
    pub fn metric(&self, id: &str) -> Option<&Metric> {
        match self.lookup() {
            Some(l) => self.metrics.get(*l.metric.get(id)?).filter(|m| m.id == id),
            None => self.metrics.iter().find(|m| m.id == id),
        }
    }

    /// The subcategory with this id.
    pub fn subcategory(&self, id: &str) -> Option<&Subcategory> {
        match self.lookup() {
            Some(l) => self
                .subcategories
                .get(*l.subcategory.get(id)?)
                .filter(|s| s.id == id),
            None => self.subcategories.iter().find(|s| s.id == id),
        }
    }

    /// The category with this key.
    pub fn category(&self, key: &str) -> Option<&Category> {
        match self.lookup() {
            Some(l) => self
                .categories
                .get(*l.category.get(key)?)
                .filter(|c| c.key == key),
            None => self.categories.iter().find(|c| c.key == key),
        }
    }

    /// The category a subcategory belongs to.
    pub fn category_of_subcategory(&self, sub: &Subcategory) -> Option<&Category> {
        match self.lookup() {
            Some(l) => self
                .categories
                .get(*l.category_by_id.get(&sub.category)?)
                .filter(|c| c.id == sub.category),
            None => self.categories.iter().find(|c| c.id == sub.category),
        }
    }

    /// Metrics of a subcategory, in questionnaire order.
    pub fn metrics_in_subcategory<'a>(
        &'a self,
        sub_id: &'a str,
    ) -> impl Iterator<Item = &'a Metric> {
        let positions: Box<dyn Iterator<Item = &'a Metric> + 'a> = match self.lookup() {
            Some(l) => Box::new(
                l.metrics_of_subcategory
                    .get(sub_id)
                    .into_iter()
                    .flatten()
                    .filter_map(|&i| self.metrics.get(i)),
            ),
            None => Box::new(self.metrics.iter()),
        };
        positions.filter(move |m| m.subcategory == sub_id)
    }

    /// Subcategories of a category, in questionnaire order.
    pub fn subcategories_in<'a>(
        &'a self,
        cat: &'a Category,
    ) -> impl Iterator<Item = &'a Subcategory> {
        let found: Box<dyn Iterator<Item = &'a Subcategory> + 'a> = match self.lookup() {
            Some(l) => Box::new(
                l.subcategories_of_category
                    .get(&cat.id)
                    .into_iter()
                    .flatten()
                    .filter_map(|&i| self.subcategories.get(i)),
            ),
            None => Box::new(self.subcategories.iter()),
        };
        found.filter(move |s| s.category == cat.id)
    }

    /// Metrics of a category, in questionnaire order.
    pub fn metrics_in_category<'a>(
        &'a self,
        cat: &'a Category,
    ) -> impl Iterator<Item = &'a Metric> {
        let found: Box<dyn Iterator<Item = &'a Metric> + 'a> = match self.lookup() {
            Some(l) => Box::new(
                l.metrics_of_category
                    .get(&cat.id)
                    .into_iter()
                    .flatten()
                    .filter_map(|&i| self.metrics.get(i)),
            ),
            None => Box::new(self.metrics.iter()),
        };
        found.filter(move |m| {
            self.subcategory(&m.subcategory)
                .is_some_and(|s| s.category == cat.id)
        })
    }

    /// Resolve an input spelling (key, alias or label in either language —
    /// the labels are what the workbook's drop-down offers — any case,
    /// surrounding spaces) to the canonical status key.
    pub fn resolve_status(&self, raw: &str) -> Option<&str> {
        let wanted = raw.trim().to_lowercase();
        if let Some(l) = self.lookup() {
            return l
                .spelling
                .get(&wanted)
                .and_then(|&i| self.statuses.get(i))
                .map(|s| s.key.as_str());
        }
        self.statuses
            .iter()
            .find(|s| {
                s.key.to_lowercase() == wanted
                    || s.aliases.iter().any(|a| a.trim().to_lowercase() == wanted)
                    || [Lang::En, Lang::Ja]
                        .iter()
                        .any(|l| s.label.get(*l).trim().to_lowercase() == wanted)
            })
            .map(|s| s.key.as_str())
    }

    /// The highest maturity level the questionnaire defines.
    pub fn max_level(&self) -> u8 {
        self.levels.iter().map(|l| l.level).max().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lookups_by_id_follow_the_lists_even_after_they_change() {
        let mut q = crate::input::questionnaire::default_questionnaire()
            .unwrap()
            .questionnaire;
        assert_eq!(q.metric("1.1.2").map(|m| m.id.as_str()), Some("1.1.2"));
        assert_eq!(q.priority_rank("II"), 1);
        assert_eq!(q.priority("III").map(|p| p.key.as_str()), Some("III"));
        assert_eq!(q.priority_rank("IV"), usize::MAX);
        let in_sub = q.metrics_in_subcategory("1.1").count();
        let protect = q.category("protect").unwrap().clone();
        let in_cat = q.metrics_in_category(&protect).count();
        assert!(in_sub >= 2 && in_cat > in_sub);
        // A metric added after the index was built is still found.
        let mut extra = q.metrics[0].clone();
        extra.id = "1.1.99".into();
        q.metrics.push(extra);
        assert!(q.metric("1.1.99").is_some());
        assert_eq!(q.metrics_in_subcategory("1.1").count(), in_sub + 1);
        q.reindex();
        assert!(q.metric("1.1.99").is_some());
        assert_eq!(q.metrics_in_category(&protect).count(), in_cat + 1);
        assert_eq!(q.resolve_status(" Y "), Some("yes"));
    }
}
