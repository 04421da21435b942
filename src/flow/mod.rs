//! Flow: fills column frames from a stream of blocks, line by line, and says what is left.
