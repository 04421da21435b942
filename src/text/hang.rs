//! Hanging punctuation (optical margin alignment): how far a character at either end of a
//! line may stand out into the margin, as a fraction of its advance.
//!
//! Small, light marks at a line's edge make the edge look indented: a quote at the start, a
//! period, comma or hyphen at the end. Letting them hang into the margin makes the *optical*
//! edge straight. Full hanging for quotes, periods, commas and hyphens; half for the en dash,
//! colon and semicolon, which carry more weight; a little for `!` and `?`.

/// The fraction of `c`'s advance that may hang into the left margin when `c` starts a line.
pub fn left(c: char) -> f64 {
    match c {
        // Opening quotes of every convention (Dutch „…”, English “…”, ‘…’, guillemets).
        '‘' | '“' | '\'' | '"' | '„' | '‚' | '«' | '‹' | '»' | '›' => 1.0,
        '(' | '[' => 0.3,
        _ => 0.0,
    }
}

/// The fraction of `c`'s advance that may hang into the right margin when `c` ends a line.
pub fn right(c: char) -> f64 {
    match c {
        '.' | ',' | '-' | '\u{2010}' | '\u{00AD}' => 1.0,
        '’' | '”' | '\'' | '"' | '»' | '›' | '«' | '‹' => 1.0,
        '–' | ':' | ';' => 0.5,
        '—' => 0.25,
        '!' | '?' | ')' | ']' | '…' => 0.2,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn marks_hang_letters_do_not() {
        assert_eq!(super::left('“'), 1.0);
        assert_eq!(super::left('A'), 0.0);
        assert_eq!(super::right('.'), 1.0);
        assert_eq!(super::right('–'), 0.5);
        assert_eq!(super::right('e'), 0.0);
    }
}
