//! Why a browser call of [`crate::platform`] failed, one enum per call: making an
//! address absolute, offering a download, copying to the clipboard. Their text is
//! what the admin reads (and what the end-to-end tests look for).

use std::fmt;

/// Why an address could not be made absolute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlError {
    /// The browser does not read it as a URL at all: check the address.
    NotAnAddress {
        /// The address, masked (no secret of a query shows).
        url: String,
    },
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlError::NotAnAddress { url } => write!(f, "“{url}” is not a web address"),
        }
    }
}

impl std::error::Error for UrlError {}

/// Why a file could not be offered as a download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DownloadError {
    /// The element to download from is in no document (the panel was closed).
    NoDocument,
    /// The browser refused a step (making the file, its link, the click).
    Browser {
        /// What the browser said.
        detail: String,
    },
}

impl fmt::Display for DownloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DownloadError::NoDocument => f.write_str("no document"),
            DownloadError::Browser { detail } => write!(f, "download failed: {detail}"),
        }
    }
}

impl std::error::Error for DownloadError {}

/// Why text could not be copied to the clipboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CopyError {
    /// Not in a browser window (no clipboard to write to).
    NoWindow,
    /// The browser refused clipboard access: the page must be focused, and served
    /// over HTTPS (or from localhost), with clipboard access not blocked.
    Refused,
}

impl fmt::Display for CopyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CopyError::NoWindow => f.write_str("no window"),
            CopyError::Refused => f.write_str("the browser refused clipboard access"),
        }
    }
}

impl std::error::Error for CopyError {}
