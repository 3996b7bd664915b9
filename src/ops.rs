//! ops layer (in progress).
