//! The session on recorded answers (filled below).
