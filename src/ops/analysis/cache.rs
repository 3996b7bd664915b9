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
            Some((r, _)) => resolve(store, r, filter),
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
