//! REFI-QDA projects (`.qdpx`): a zip holding one `project.qde` (XML, root
//! `<Project>`) and a flat `sources/` folder. See `notes/refi-qda.md`.
//!
//! - [`archive`]: reading the zip safely (entries that escape the archive
//!   refused, size caps against zip bombs) and writing it.
//! - [`read`]: `project.qde` → [`Project`], lenient (namespace variants,
//!   unknown elements and attributes, missing optional attributes, duplicate
//!   GUIDs, BOM); no DOCTYPE entities, nothing fetched or expanded.
//! - [`write`]: [`Export`] → `project.qde`, strict (valid against
//!   `Project.xsd`: 1.0 namespace, children in schema order).
//! - [`positions`]: selection offsets (code points or UTF-16 units, CR LF as
//!   one or two) ↔ Gloss char offsets over the normalised text.
//!
//! The codebook inside `project.qde` is read by `codebook::qdc::parse`.

pub mod archive;
pub mod positions;
pub mod read;
pub mod write;

pub use archive::Archive;
pub use read::{parse_project, Project};
pub use write::Export;

/// A REFI-QDA GUID as a lower-case UUID without braces (`None` when it is
/// not one).
pub fn guid(s: &str) -> Option<String> {
    crate::core::codebook::normalize_guid(s)
}

/// A GUID derived from `kind` and `key` (a SHA-256 based version-8 UUID):
/// the same inputs always give the same GUID, so exporting a project twice
/// gives the same file.
pub fn stable_guid(kind: &str, key: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("gloss-refi\0{kind}\0{key}").as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    uuid::Uuid::from_bytes(b).to_string()
}

/// `id` when it already is a GUID, else a GUID derived from it.
pub fn guid_for(kind: &str, id: &str) -> String {
    guid(id).unwrap_or_else(|| stable_guid(kind, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_guids() {
        let a = stable_guid("coder", "amani");
        assert_eq!(a, stable_guid("coder", "amani"));
        assert_ne!(a, stable_guid("coder", "neema"));
        assert_eq!(guid(&a).as_deref(), Some(a.as_str()));
        assert_eq!(
            guid_for("x", "2CE89C66-C28D-473B-B5C4-6CF87D20EF04"),
            "2ce89c66-c28d-473b-b5c4-6cf87d20ef04"
        );
    }
}
