//! A figure as a plain table — a title, lines saying the unit, the coders
//! and the sub-code rule, a header and rows of typed cells — which the
//! command line prints, the CSV and XLSX writers write and the screen
//! draws. Shares are fractions (0.25), shown as percentages.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Text(String),
    Count(usize),
    /// A share, `None` where undefined (`n/a`).
    Share(Option<f64>),
    /// A coefficient (c), `None` where undefined.
    Number(Option<f64>),
    Empty,
}

impl Value {
    /// The value for people: counts as they are, shares as percentages
    /// with two decimals, coefficients with three, `n/a` when undefined.
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Count(n) => n.to_string(),
            Value::Share(v) => crate::core::agreement::format_percent(*v),
            Value::Number(v) => crate::core::agreement::format_stat(*v),
            Value::Empty => String::new(),
        }
    }

    /// The value as a number, for heat colouring (`None`: not a figure).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Count(n) => Some(*n as f64),
            Value::Share(v) | Value::Number(v) => *v,
            _ => None,
        }
    }

    pub fn is_numeric(&self) -> bool {
        !matches!(self, Value::Text(_))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub title: String,
    /// What the figures are: unit, coders, sub-code rule, filters.
    pub notes: Vec<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_for_people() {
        assert_eq!(Value::Share(Some(0.5)).display(), "50.00%");
        assert_eq!(Value::Share(None).display(), "n/a");
        assert_eq!(Value::Number(Some(0.25)).display(), "0.250");
        assert_eq!(Value::Count(37).display(), "37");
    }
}
