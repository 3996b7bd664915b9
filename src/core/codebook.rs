//! The codebook: the project's codes as one tree ([`Codebook`]) — each
//! code's path (`parent/child`), depth, children and sub-tree, a code found
//! by id, path or name, by shortcut key, and per-code figures rolled up to
//! their parents — and, in [`tree`], the tree codebook files map to
//! ([`CodebookTree`]). Pure: built from the list of codes the store reads,
//! never from SQL; every front end, export and report asks it rather than
//! walking `parent` links of its own.

mod tree;

pub use tree::{
    clean_text, fresh_color, join_path, normalize, normalize_guid, parse_color, CodeNode,
    CodebookTree, PALETTE,
};

use super::{sanitize, Code, CodeId};
use std::collections::HashMap;
use std::fmt;

/// The project's codes in codebook order (parents before children, siblings
/// in their order, as the store lists them), with the tree worked out once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Codebook {
    codes: Vec<Code>,
    index: HashMap<CodeId, usize>,
    /// The parent's position; `None` at the top level, and for a code whose
    /// parent is not in the list or which a `parent` cycle leads back to.
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    depth: Vec<usize>,
    paths: Vec<String>,
}

/// Why a code named by the user was not found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    /// No code has that id, path or name.
    Unknown(String),
    /// Several codes have that name: their paths, in codebook order.
    Ambiguous(String, Vec<String>),
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookupError::Unknown(key) => {
                write!(f, "no code {:?} in the codebook", sanitize::one_line(key))
            }
            LookupError::Ambiguous(key, paths) => write!(
                f,
                "code name {:?} is ambiguous; use its path: {}",
                sanitize::one_line(key),
                paths.join(", ")
            ),
        }
    }
}

impl std::error::Error for LookupError {}

impl Codebook {
    /// The codebook of these codes (in codebook order: paths and depths do
    /// not depend on it, roll-ups and sub-trees keep it).
    pub fn new(codes: Vec<Code>) -> Codebook {
        let index: HashMap<CodeId, usize> = codes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let n = codes.len();
        let mut parent: Vec<Option<usize>> = codes
            .iter()
            .map(|c| c.parent.as_ref().and_then(|p| index.get(p).copied()))
            .collect();
        // A cycle of parents (never written by Gloss) is cut where it is
        // found, so that every walk up the tree ends.
        for i in 0..n {
            let mut x = parent[i];
            let mut steps = 0;
            while let Some(p) = x {
                if p == i || steps > n {
                    parent[i] = None;
                    break;
                }
                x = parent[p];
                steps += 1;
            }
        }
        let children = children_of(&parent);
        let mut book = Codebook {
            depth: vec![0; n],
            paths: vec![String::new(); n],
            codes,
            index,
            parent,
            children,
        };
        for i in book.depth_first() {
            match book.parent[i] {
                Some(p) => {
                    book.depth[i] = book.depth[p] + 1;
                    book.paths[i] = join_path(&book.paths[p], &book.codes[i].name);
                }
                None => book.paths[i] = book.codes[i].name.clone(),
            }
        }
        book
    }

    /// Every code, in codebook order.
    pub fn codes(&self) -> &[Code] {
        &self.codes
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The code's position in codebook order.
    pub fn position(&self, id: &CodeId) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn get(&self, id: &CodeId) -> Option<&Code> {
        self.position(id).map(|i| &self.codes[i])
    }

    /// `parent/child` path of a code.
    pub fn path(&self, id: &CodeId) -> Option<&str> {
        self.position(id).map(|i| self.paths[i].as_str())
    }

    /// The path of the code at position `i` (panics past the end).
    pub fn path_at(&self, i: usize) -> &str {
        &self.paths[i]
    }

    /// Number of ancestors of the code at position `i` (0 = top level).
    pub fn depth_at(&self, i: usize) -> usize {
        self.depth[i]
    }

    /// Position of the parent of the code at position `i`.
    pub fn parent_at(&self, i: usize) -> Option<usize> {
        self.parent[i]
    }

    /// Positions of the children of the code at position `i`, in order.
    pub fn children_at(&self, i: usize) -> &[usize] {
        &self.children[i]
    }

    /// Positions of the top-level codes, in order.
    pub fn roots(&self) -> Vec<usize> {
        (0..self.codes.len())
            .filter(|&i| self.parent[i].is_none())
            .collect()
    }

    /// Every code's name chain, from the top (`["a", "b"]` for `a/b`: a
    /// name may itself hold a `/`), in codebook order.
    pub fn chains(&self) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = vec![Vec::new(); self.codes.len()];
        for i in self.depth_first() {
            let mut chain = self.parent[i].map_or_else(Vec::new, |p| out[p].clone());
            chain.push(self.codes[i].name.clone());
            out[i] = chain;
        }
        out
    }

    /// Positions parents before children: each top-level code followed by
    /// its sub-tree, depth first (codebook order, whatever order the codes
    /// were given in).
    pub fn depth_first(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.codes.len());
        let mut stack: Vec<usize> = self.roots().into_iter().rev().collect();
        while let Some(i) = stack.pop() {
            out.push(i);
            stack.extend(self.children[i].iter().rev());
        }
        out
    }

    /// Every code's path, by id.
    pub fn paths(&self) -> HashMap<CodeId, String> {
        self.codes
            .iter()
            .zip(&self.paths)
            .map(|(c, p)| (c.id.clone(), p.clone()))
            .collect()
    }

    /// Positions of the code at `root` and of all its descendants: the
    /// code first, then level by level, each level in codebook order.
    pub fn subtree_at(&self, root: usize) -> Vec<usize> {
        subtree_of(&self.children, root)
    }

    /// A code and all its descendants (the code first, as
    /// [`Codebook::subtree_at`]); just the id when it is not in the codebook.
    pub fn subtree(&self, root: &CodeId) -> Vec<CodeId> {
        match self.position(root) {
            Some(i) => self
                .subtree_at(i)
                .into_iter()
                .map(|k| self.codes[k].id.clone())
                .collect(),
            None => vec![root.clone()],
        }
    }

    /// Whether `code` is `ancestor` or one of its descendants.
    pub fn is_within(&self, code: &CodeId, ancestor: &CodeId) -> bool {
        if code == ancestor {
            return true;
        }
        let (Some(mut x), Some(a)) = (self.position(code), self.position(ancestor)) else {
            return false;
        };
        while let Some(p) = self.parent[x] {
            if p == a {
                return true;
            }
            x = p;
        }
        false
    }

    /// The code at `path` (the first, should two codes share one).
    pub fn by_path(&self, path: &str) -> Option<&Code> {
        self.paths
            .iter()
            .position(|p| p == path)
            .map(|i| &self.codes[i])
    }

    /// Finds a code by id, path (`parent/child`) or unique name.
    pub fn lookup(&self, key: &str) -> Result<&Code, LookupError> {
        if let Some(c) = self.codes.iter().find(|c| c.id.0 == key) {
            return Ok(c);
        }
        if let Some(c) = self.by_path(key) {
            return Ok(c);
        }
        let named: Vec<usize> = (0..self.codes.len())
            .filter(|&i| self.codes[i].name == key)
            .collect();
        match named.as_slice() {
            [one] => Ok(&self.codes[*one]),
            [] => Err(LookupError::Unknown(key.to_string())),
            many => Err(LookupError::Ambiguous(
                key.to_string(),
                many.iter().map(|&i| self.paths[i].clone()).collect(),
            )),
        }
    }

    /// The code whose shortcut key is `c` (the first, in codebook order).
    pub fn by_shortcut(&self, c: char) -> Option<&Code> {
        self.codes.iter().find(|code| shortcut_key(code) == Some(c))
    }

    /// The codes whose shortcut is `key`, in codebook order.
    pub fn with_shortcut<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Code> + 'a {
        self.codes
            .iter()
            .filter(move |c| c.shortcut.as_deref() == Some(key))
    }

    /// The codes right under `parent` (the top level for `None`), in order.
    pub fn level(&self, parent: Option<&CodeId>) -> Vec<&Code> {
        let positions = match parent {
            None => self.roots(),
            Some(p) => self
                .position(p)
                .map_or_else(Vec::new, |i| self.children[i].clone()),
        };
        positions.into_iter().map(|i| &self.codes[i]).collect()
    }

    /// The first shortcut two codes share, with their paths (codebook
    /// order): `(key, first, second)`.
    pub fn shortcut_clash(&self) -> Option<(&str, &str, &str)> {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for (c, path) in self.codes.iter().zip(&self.paths) {
            if let Some(key) = c.shortcut.as_deref().filter(|s| !s.is_empty()) {
                if let Some(other) = seen.insert(key, path) {
                    return Some((key, other, path));
                }
            }
        }
        None
    }

    /// Per-code figures (`own[i]` for the code at position `i`) rolled up:
    /// each code's figure merged with all its descendants', `add(total,
    /// child_total)` merging one child's rolled-up figure into its parent.
    pub fn roll_up<T>(&self, own: Vec<T>, add: impl FnMut(&mut T, &T)) -> Vec<T> {
        assert_eq!(own.len(), self.codes.len(), "one figure per code");
        roll_up_over(&self.parent, own, add)
    }

    /// Counts rolled up: each code's count plus all its descendants'.
    pub fn totals(&self, own: &[usize]) -> Vec<usize> {
        self.roll_up(own.to_vec(), |a, b| *a += *b)
    }
}

/// Each position's children (in order) given each one's parent; a parent
/// past the end or a code its own parent is ignored.
pub fn children_of(parents: &[Option<usize>]) -> Vec<Vec<usize>> {
    let mut children = vec![Vec::new(); parents.len()];
    for (i, p) in parents.iter().enumerate() {
        if let Some(p) = *p {
            if p < parents.len() && p != i {
                children[p].push(i);
            }
        }
    }
    children
}

/// `root` and all its descendants: `root` first, then level by level, each
/// level in order (each position once, even along a cycle).
pub fn subtree_of(children: &[Vec<usize>], root: usize) -> Vec<usize> {
    let mut seen = vec![false; children.len()];
    seen[root] = true;
    let mut out = vec![root];
    let mut k = 0;
    while k < out.len() {
        for &c in &children[out[k]] {
            if !std::mem::replace(&mut seen[c], true) {
                out.push(c);
            }
        }
        k += 1;
    }
    out
}

/// Figures rolled up a tree given by each position's parent (as
/// [`Codebook::roll_up`]): each position's figure merged with all its
/// descendants'. A position that no walk down from the top reaches (on a
/// cycle) keeps its own figure.
pub fn roll_up_over<T>(
    parents: &[Option<usize>],
    own: Vec<T>,
    mut add: impl FnMut(&mut T, &T),
) -> Vec<T> {
    let children = children_of(parents);
    let mut out = own;
    // Top down, level by level; merged bottom up, so that a figure is
    // complete before it goes into its parent's.
    let roots =
        (0..parents.len()).filter(|&i| parents[i].is_none_or(|p| p >= parents.len() || p == i));
    let mut order: Vec<usize> = Vec::with_capacity(parents.len());
    for r in roots {
        order.extend(subtree_of(&children, r));
    }
    for &i in order.iter().rev() {
        if let Some(p) = parents[i].filter(|&p| p < parents.len() && p != i) {
            let (a, b) = if p < i {
                let (lo, hi) = out.split_at_mut(i);
                (&mut lo[p], &hi[0])
            } else {
                let (lo, hi) = out.split_at_mut(p);
                (&mut hi[0], &lo[i])
            };
            add(a, b);
        }
    }
    out
}

/// A code's shortcut key, if it has one.
pub fn shortcut_key(code: &Code) -> Option<char> {
    code.shortcut.as_deref().and_then(|s| s.chars().next())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A code with only an id, a name and a parent.
    pub(crate) fn code(id: &str, name: &str, parent: Option<&str>) -> Code {
        Code {
            id: CodeId(id.into()),
            name: name.into(),
            parent: parent.map(|p| CodeId(p.into())),
            color: None,
            shortcut: None,
            definition: String::new(),
            when_to_use: String::new(),
            when_not_to_use: String::new(),
            example: String::new(),
        }
    }

    /// fees, fees/school, fees/school/uniform, fees/health, income,
    /// income/school (a second "school").
    fn sample() -> Codebook {
        let mut codes = vec![
            code("1", "fees", None),
            code("2", "school", Some("1")),
            code("3", "uniform", Some("2")),
            code("4", "health", Some("1")),
            code("5", "income", None),
            code("6", "school", Some("5")),
        ];
        codes[3].shortcut = Some("h".into());
        codes[4].shortcut = Some("1".into());
        Codebook::new(codes)
    }

    fn id(s: &str) -> CodeId {
        CodeId(s.into())
    }

    #[test]
    fn paths_depths_and_children() {
        let b = sample();
        let paths: Vec<&str> = (0..b.len()).map(|i| b.path_at(i)).collect();
        assert_eq!(
            paths,
            [
                "fees",
                "fees/school",
                "fees/school/uniform",
                "fees/health",
                "income",
                "income/school"
            ]
        );
        let depths: Vec<usize> = (0..b.len()).map(|i| b.depth_at(i)).collect();
        assert_eq!(depths, [0, 1, 2, 1, 0, 1]);
        assert_eq!(b.children_at(0), [1, 3]);
        let names = |v: Vec<&Code>| v.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(b.level(None)), ["fees", "income"]);
        assert_eq!(names(b.level(Some(&id("1")))), ["school", "health"]);
        assert!(b.level(Some(&id("9"))).is_empty());
        assert_eq!(b.parent_at(2), Some(1));
        assert_eq!(b.path(&id("3")), Some("fees/school/uniform"));
        assert_eq!(b.path(&id("9")), None);
        assert_eq!(b.paths()[&id("6")], "income/school");
    }

    #[test]
    fn paths_do_not_depend_on_the_order() {
        let mut codes = sample().codes().to_vec();
        codes.reverse();
        let b = Codebook::new(codes);
        assert_eq!(b.path(&id("3")), Some("fees/school/uniform"));
        assert_eq!(b.depth_at(b.position(&id("3")).expect("there")), 2);
    }

    #[test]
    fn a_missing_parent_or_a_cycle_makes_a_top_level_code() {
        let b = Codebook::new(vec![
            code("a", "a", Some("b")),
            code("b", "b", Some("a")),
            code("c", "c", Some("gone")),
        ]);
        assert_eq!(b.path(&id("c")), Some("c"));
        // The cycle is cut at its first code: `a` is at the top, `b` under it.
        assert_eq!(b.path(&id("a")), Some("a"));
        assert_eq!(b.path(&id("b")), Some("a/b"));
        assert_eq!(b.subtree(&id("a")), [id("a"), id("b")]);
    }

    #[test]
    fn subtrees_level_by_level() {
        let b = sample();
        assert_eq!(b.subtree(&id("1")), [id("1"), id("2"), id("4"), id("3")]);
        assert_eq!(b.subtree(&id("3")), [id("3")]);
        assert_eq!(b.subtree(&id("nope")), [id("nope")]);
        assert!(b.is_within(&id("3"), &id("1")));
        assert!(b.is_within(&id("1"), &id("1")));
        assert!(!b.is_within(&id("1"), &id("3")));
        assert!(!b.is_within(&id("6"), &id("1")));
    }

    #[test]
    fn lookup_by_id_path_or_unique_name() {
        let b = sample();
        assert_eq!(b.lookup("3").map(|c| &c.name), Ok(&"uniform".to_string()));
        assert_eq!(b.lookup("income/school").map(|c| &c.id), Ok(&id("6")));
        assert_eq!(b.lookup("health").map(|c| &c.id), Ok(&id("4")));
        let e = b.lookup("school").expect_err("two codes are named so");
        assert_eq!(
            e.to_string(),
            "code name \"school\" is ambiguous; use its path: fees/school, income/school"
        );
        let e = b.lookup("rent").expect_err("no such code");
        assert_eq!(e.to_string(), "no code \"rent\" in the codebook");
    }

    #[test]
    fn shortcuts() {
        let mut b = sample();
        assert_eq!(b.by_shortcut('h').map(|c| &c.id), Some(&id("4")));
        assert_eq!(b.by_shortcut('x'), None);
        let ones: Vec<&CodeId> = b.with_shortcut("1").map(|c| &c.id).collect();
        assert_eq!(ones, [&id("5")]);
        assert_eq!(b.shortcut_clash(), None);
        let mut codes = b.codes().to_vec();
        codes[5].shortcut = Some("h".into());
        b = Codebook::new(codes);
        assert_eq!(
            b.shortcut_clash(),
            Some(("h", "fees/health", "income/school"))
        );
    }

    #[test]
    fn totals_include_sub_codes() {
        let b = sample();
        assert_eq!(b.totals(&[1, 2, 4, 8, 16, 32]), [15, 6, 4, 8, 48, 32]);
        let sets = b.roll_up((0..6).map(|i| vec![i]).collect::<Vec<_>>(), |a, c| {
            a.extend_from_slice(c)
        });
        let mut first = sets[0].clone();
        first.sort_unstable();
        assert_eq!(first, [0, 1, 2, 3]);
    }

    /// Random forests: code `i`'s parent is one of the codes before it, or
    /// none; listed in a random order.
    fn forest() -> impl Strategy<Value = (Vec<Option<usize>>, Vec<usize>, Vec<usize>)> {
        (1usize..24).prop_flat_map(|n| {
            (
                proptest::collection::vec(proptest::option::of(0usize..n), n),
                Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
                proptest::collection::vec(0usize..100, n),
            )
        })
    }

    proptest! {
        #[test]
        fn roll_up_equals_brute_force((parents, order, own) in forest()) {
            let n = parents.len();
            // A parent only among the codes before: no cycles.
            let parent = |i: usize| parents[i].filter(|&p| p < i);
            let codes: Vec<Code> = order
                .iter()
                .map(|&i| {
                    let p = parent(i).map(|p| p.to_string());
                    code(&i.to_string(), &format!("c{i}"), p.as_deref())
                })
                .collect();
            let b = Codebook::new(codes);
            let figures: Vec<usize> = order.iter().map(|&i| own[i]).collect();
            let totals = b.totals(&figures);
            for (k, &i) in order.iter().enumerate() {
                let under = |mut x: usize| loop {
                    if x == i {
                        return true;
                    }
                    match parent(x) {
                        Some(p) => x = p,
                        None => return false,
                    }
                };
                let brute: usize = (0..n).filter(|&x| under(x)).map(|x| own[x]).sum();
                prop_assert_eq!(totals[k], brute);
                let mut sub: Vec<usize> = b
                    .subtree_at(k)
                    .into_iter()
                    .map(|x| order[x])
                    .collect();
                sub.sort_unstable();
                let want: Vec<usize> = (0..n).filter(|&x| under(x)).collect();
                prop_assert_eq!(sub, want);
                let mut chain = vec![format!("c{i}")];
                let mut x = i;
                while let Some(p) = parent(x) {
                    chain.push(format!("c{p}"));
                    x = p;
                }
                chain.reverse();
                prop_assert_eq!(b.path_at(k), chain.join("/"));
                prop_assert_eq!(b.depth_at(k), chain.len() - 1);
            }
        }
    }
}
