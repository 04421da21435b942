//! (To be written by the text module's owner.)
