//! The terminal viewer (in progress).

use crate::store::Store;

pub fn run(_store: Store) -> anyhow::Result<()> {
    anyhow::bail!("the viewer is not built yet")
}
