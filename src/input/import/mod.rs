//! Importers of other tools' incident records (VERIS, MISP, TheHive) into
//! imcm's incident columns.

pub mod misp;
pub mod thehive;
pub mod veris;
