//! The project read for analysis once and kept between tables: reading
//! 261,000 turns and 250,000 codings costs about as much as every table
//! computed from them, so a screen (or a benchmark) that shows table after
//! table reads the project once and resolves each table's filters against
//! the same [`Read`]. It is read again when the project changed (another
//! connection committed: [`ChangeWatch`]), when a table needs more than was
//! read (the turns, the words), or when told to.
//!
//! The watch sees other connections' commits only: a caller that writes
//! through the same connection calls [`CorpusCache::invalidate`].

use super::load::{needs_of, read, resolve, Read};
use super::{AnalysisFilter, Loaded, Needs};
use crate::ops::project::ChangeWatch;
use crate::store::Store;

#[derive(Debug, Default)]
pub struct CorpusCache {
    read: Option<(Read, ChangeWatch)>,
    /// How many times the project was read (the benchmark reports it).
    pub reads: usize,
}

impl CorpusCache {
    pub fn new() -> CorpusCache {
        CorpusCache::default()
    }

    /// Forgets what was read: the next table reads the project again.
    pub fn invalidate(&mut self) {
        self.read = None;
    }

    /// Whether the next [`CorpusCache::load`] with `needs` reads the
    /// project (the first table, a change, or more needed).
    pub fn is_cold(&mut self, store: &Store, needs: Needs) -> bool {
        match &mut self.read {
            None => true,
            Some((r, watch)) => {
                // Asking consumes the change: keep it for `load`.
                let changed = watch.changed(store).unwrap_or(true);
                if changed {
                    self.read = None;
                    return true;
                }
                !covers(r.needs, needs)
            }
        }
    }

    /// The project with `filter` resolved, read only if it has not been
    /// read yet, changed since, or was read without what `needs` asks for
    /// (then it is read with the union of both, so switching back is warm).
    pub fn load(
        &mut self,
        store: &Store,
        filter: &AnalysisFilter,
        needs: Needs,
    ) -> crate::ops::Result<Loaded> {
        let needs = needs_of(filter, needs);
        let fresh = match &mut self.read {
            Some((r, watch)) => !watch.changed(store)? && covers(r.needs, needs),
            None => false,
        };
        if !fresh {
            let union = match &self.read {
                Some((r, _)) => Needs {
                    turns: r.needs.turns || needs.turns,
                    words: r.needs.words || needs.words,
                },
                None => needs,
            };
            // The watch first: a commit made while reading is seen next time.
            let watch = ChangeWatch::new(store)?;
            let r = read(store, union, None)?;
            self.reads += 1;
            self.read = Some((r, watch));
        }
        match &self.read {
            Some((r, _)) => resolve(store, r, filter, needs),
            None => Err(crate::ops::Error::Invalid(
                "the project could not be read".into(),
            )),
        }
    }
}

/// Whether what was read has everything `needs` asks for.
fn covers(have: Needs, needs: Needs) -> bool {
    (have.turns || !needs.turns) && (have.words || !needs.words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops;

    #[test]
    fn reads_once_then_again_when_another_connection_commits_or_more_is_needed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("c.gloss");
        let mut writer = ops::project::init(&path, "amani").expect("init");
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "[00:00:01] Amani: School fees are high.\n").expect("write");
        ops::import::import_files(&mut writer, &[file], &Default::default(), &mut |_, _, _| {})
            .expect("import");
        let reader = ops::project::open_plain(&path, None).expect("open");
        let mut cache = CorpusCache::new();
        let pooled = AnalysisFilter::default();
        let own = AnalysisFilter {
            subcodes: false,
            ..Default::default()
        };
        let turns = Needs {
            turns: true,
            words: false,
        };
        cache
            .load(&reader, &pooled, Needs::default())
            .expect("load");
        assert_eq!(cache.reads, 1);
        // Another filter on what was read: no read.
        cache.load(&reader, &own, Needs::default()).expect("load");
        assert_eq!(cache.reads, 1);
        // More needed: read again, with both.
        cache.load(&reader, &pooled, turns).expect("load");
        assert_eq!(cache.reads, 2);
        // Each table gets what it needs and nothing more (no turns here).
        let l = cache
            .load(&reader, &pooled, Needs::default())
            .expect("load");
        assert_eq!(cache.reads, 2);
        assert!(l.corpus.documents[0].turns.is_empty());
        let l = cache.load(&reader, &pooled, turns).expect("load");
        assert_eq!(l.corpus.documents[0].turns.len(), 1);
        assert!(!cache.is_cold(&reader, turns));
        // Another connection commits: read again, and the change is there.
        ops::participants::set(&mut writer, "a", "Amani", &["gender=female".to_string()])
            .expect("attrs");
        let l = cache.load(&reader, &pooled, turns).expect("load");
        assert_eq!(cache.reads, 3);
        assert_eq!(l.attribute_keys(), ["gender"]);
        // --where resolves against the kept read.
        let women = AnalysisFilter {
            attributes: vec![("gender".into(), "female".into())],
            ..Default::default()
        };
        let l = cache.load(&reader, &women, Needs::default()).expect("load");
        assert_eq!(cache.reads, 3);
        assert_eq!(l.sel.participants, Some(vec![true]));
        // A typo in it is refused, naming the known ones.
        let typo = AnalysisFilter {
            attributes: vec![("gendr".into(), "female".into())],
            ..Default::default()
        };
        let e = cache
            .load(&reader, &typo, Needs::default())
            .expect_err("typo");
        assert!(e.to_string().contains("gender"), "{e}");
        cache.invalidate();
        assert!(cache.is_cold(&reader, Needs::default()));
    }
}
