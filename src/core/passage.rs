//! A coded passage: one coding with what a reader needs to place it — its
//! document's name, its code's path and the text it covers. What `gloss
//! codings list` prints, what the retrieve view and the analysis screen's
//! drill-down show (with context around it, in `ops::excerpts`), and what
//! an export's `ExcerptRecord` starts from. Pure: the caller reads the names
//! and the text; the codebook gives the path.

use super::codebook::Codebook;
use super::Coding;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodedPassage {
    /// The coding: document and code ids, coder, range, memo, date.
    pub coding: Coding,
    /// The document's name (empty if it is gone).
    pub document: String,
    /// `parent/child` path of the code (empty if it is gone).
    pub code_path: String,
    /// The text the coding covers.
    pub text: String,
}

impl CodedPassage {
    /// `coding` in `document`, its code's path looked up in `book`.
    pub fn new(coding: Coding, document: &str, book: &Codebook, text: String) -> CodedPassage {
        CodedPassage {
            code_path: book.path(&coding.code).unwrap_or_default().to_string(),
            document: document.to_string(),
            text,
            coding,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::codebook::tests::code;
    use crate::core::{CharRange, CodeId, CodingId, DocumentId};

    #[test]
    fn a_passage_names_its_code_by_path() {
        let book = Codebook::new(vec![
            code("f", "fees", None),
            code("s", "school", Some("f")),
        ]);
        let coding = |code: &str| Coding {
            id: CodingId("k".into()),
            document: DocumentId("d".into()),
            code: CodeId(code.into()),
            coder: "amani".into(),
            range: CharRange::new(3, 8),
            memo: None,
            created_at: String::new(),
        };
        let p = CodedPassage::new(coding("s"), "Kasulo FG1", &book, "fees!".into());
        assert_eq!(p.code_path, "fees/school");
        assert_eq!(p.document, "Kasulo FG1");
        assert_eq!(p.coding.coder, "amani");
        let gone = CodedPassage::new(coding("x"), "", &book, String::new());
        assert_eq!(gone.code_path, "");
    }
}
