//! tui layer (in progress).
