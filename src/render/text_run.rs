//! Text runs written straight into a page's content stream.
//!
//! A run's operators (`BT`, `Tf`, `Tz`, `k`, `Tm`, `TJ`, `ET`) are most of a page's stream:
//! one `TJ` array per line, a string of two-byte glyph ids between the adjustments. Written
//! through pdf-writer's `Content`, every byte of every string and every number went through
//! its general operand machinery (padding rules, limits, per-byte pushes): a quarter of all
//! the work at 16x. Here they are written directly, in exactly the bytes pdf-writer writes
//! for them with its default (pretty) settings — operators on lines of their own, operands
//! and array items separated by one space, numbers as pdf-writer formats them, strings
//! escaped as it escapes them — so the PDF is the same, byte for byte (a test compares them).

use pdf_writer::Content;

/// A page's content stream: operators written through pdf-writer's [`Content`], text runs
/// straight into the bytes, in the order they come.
pub struct PageStream {
    bytes: Vec<u8>,
    content: Content,
}

impl Default for PageStream {
    fn default() -> PageStream {
        PageStream {
            bytes: Vec::new(),
            content: Content::new(),
        }
    }
}

impl PageStream {
    /// The pdf-writer content to write the next operators to.
    pub fn content(&mut self) -> &mut Content {
        &mut self.content
    }

    /// The stream's bytes, to write operators to directly (each on a line of its own, as
    /// [`op`] starts them), after everything written through [`PageStream::content`] so far.
    pub fn raw(&mut self) -> &mut Vec<u8> {
        self.flush();
        &mut self.bytes
    }

    /// The finished stream.
    pub fn finish(mut self) -> Vec<u8> {
        self.flush();
        self.bytes
    }

    // Moves what `content` holds to the bytes. pdf-writer separates operators with a line
    // break (none before the first): so do the pieces.
    fn flush(&mut self) {
        let part = std::mem::replace(&mut self.content, Content::new()).finish();
        if !part.is_empty() {
            if !self.bytes.is_empty() {
                self.bytes.push(b'\n');
            }
            self.bytes.extend_from_slice(part.as_slice());
        }
    }
}

/// Starts an operator in `buf`: on a line of its own.
pub fn op(buf: &mut Vec<u8>) {
    if !buf.is_empty() {
        buf.push(b'\n');
    }
}

/// A number as pdf-writer writes an `f32` operand: an integer without a decimal point, else
/// the shortest decimal that reads back as the same `f32`.
pub fn number(buf: &mut Vec<u8>, value: f32) {
    if value as i32 as f32 == value {
        buf.extend_from_slice(itoa::Buffer::new().format(value as i32).as_bytes());
    } else if let Some(thousandths) = thousandths(value) {
        // Most numbers here are rounded to thousandths (TJ adjustments, positions): written
        // from the integer, which is that shortest decimal (see `thousandths`).
        let digits = thousandths.unsigned_abs();
        if thousandths < 0 {
            buf.push(b'-');
        }
        buf.extend_from_slice(itoa::Buffer::new().format(digits / 1000).as_bytes());
        buf.push(b'.');
        let mut fraction = digits % 1000;
        let mut places = 3;
        while fraction % 10 == 0 {
            fraction /= 10;
            places -= 1;
        }
        for p in (0..places).rev() {
            buf.push(b'0' + (fraction / 10u32.pow(p) % 10) as u8);
        }
    } else if value == 0.0 || (value.abs() > 1e-6 && value.abs() < 1e12) {
        buf.extend_from_slice(ryu::Buffer::new().format(value).as_bytes());
    } else {
        use std::io::Write;
        let _ = write!(buf, "{value}");
    }
}

/// `value` as a whole number of thousandths `k`, when `value` is the `f32` nearest to
/// `k / 1000` and `k` has at most six digits. Six significant digits always read back as the
/// `f32` they were made from and no two such decimals give the same `f32` (FLT_DIG), so
/// `k / 1000` without trailing zeros is then the shortest decimal for `value`: what ryu
/// writes, the integer case aside (handled before this is asked).
fn thousandths(value: f32) -> Option<i32> {
    let k = (f64::from(value) * 1000.0).round();
    if k.is_nan() || k.abs() >= 1e6 {
        return None;
    }
    let k = k as i32;
    (k as f32 / 1000.0 == value && k % 1000 != 0).then_some(k)
}

/// A PDF name operand (`/F3`): regular printable characters as they are, others as `#xx`.
pub fn name(buf: &mut Vec<u8>, name: &[u8]) {
    buf.push(b'/');
    for &b in name {
        let regular = !matches!(
            b,
            b'\0'
                | b'\t'
                | b'\n'
                | b'\x0C'
                | b'\r'
                | b' '
                | b'('
                | b')'
                | b'<'
                | b'>'
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'/'
                | b'%'
        );
        if b != b'#' && (b'!'..=b'~').contains(&b) && regular {
            buf.push(b);
        } else {
            buf.push(b'#');
            hex(buf, b);
        }
    }
}

fn hex(buf: &mut Vec<u8>, b: u8) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    buf.push(DIGITS[(b >> 4) as usize]);
    buf.push(DIGITS[(b & 15) as usize]);
}

/// A string operand: a literal string `( )` when every byte is ASCII — printable bytes as
/// they are, the usual backslash escapes, others in octal, parentheses escaped only when
/// they do not balance — else a hex string `< >`.
pub fn string(buf: &mut Vec<u8>, s: &[u8]) {
    if !s.is_ascii() {
        buf.reserve(2 + 2 * s.len());
        buf.push(b'<');
        for &b in s {
            hex(buf, b);
        }
        buf.push(b'>');
        return;
    }
    buf.reserve(2 + 4 * s.len());
    buf.push(b'(');
    // Whether the string's parentheses balance, found at its first parenthesis.
    let mut balanced: Option<bool> = None;
    for &b in s {
        if b == b'(' || b == b')' {
            if !*balanced.get_or_insert_with(|| b != b')' && parentheses_balance(s)) {
                buf.push(b'\\');
            }
            buf.push(b);
        } else {
            let (len, bytes) = ESCAPED[b as usize];
            buf.extend_from_slice(&bytes[..len as usize]);
        }
    }
    buf.push(b')');
}

/// How each ASCII byte but the parentheses is written in a literal string.
const ESCAPED: [(u8, [u8; 4]); 128] = {
    let mut table = [(0u8, [0u8; 4]); 128];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = match byte {
            b'\\' => (2, [b'\\', b'\\', 0, 0]),
            b' '..=b'~' => (1, [byte, 0, 0, 0]),
            b'\n' => (2, [b'\\', b'n', 0, 0]),
            b'\r' => (2, [b'\\', b'r', 0, 0]),
            b'\t' => (2, [b'\\', b't', 0, 0]),
            b'\x08' => (2, [b'\\', b'b', 0, 0]),
            b'\x0c' => (2, [b'\\', b'f', 0, 0]),
            _ => (
                4,
                [
                    b'\\',
                    b'0' + (byte >> 6),
                    b'0' + ((byte >> 3) & 7),
                    b'0' + (byte & 7),
                ],
            ),
        };
        b += 1;
    }
    table
};

fn parentheses_balance(s: &[u8]) -> bool {
    let mut depth = 0usize;
    for &b in s {
        match b {
            b'(' => depth += 1,
            b')' if depth > 0 => depth -= 1,
            b')' => return false,
            _ => {}
        }
    }
    depth == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use pdf_writer::{Name, Str};

    // Every writer here against pdf-writer's own output for the same operator.
    #[test]
    fn the_same_bytes_as_pdf_writer() {
        let numbers = [
            0.0f32,
            -0.0,
            1.0,
            -1.0,
            100.0,
            12.5,
            -12.345,
            0.001,
            1e-7,
            3e12,
            123456.79,
            f32::NAN,
            f32::INFINITY,
            2147483648.0,
            -0.5,
            0.25,
            -7.125,
        ];
        let every_ascii: Vec<u8> = (0..128).collect();
        let every_byte: Vec<u8> = (0..=255).collect();
        let strings: Vec<&[u8]> = vec![
            b"\x00\x12\x00(",
            b"()",
            b")(",
            b"a\\b\n\r\t\x08\x0c\x01",
            b"\x80\x00",
            b"",
            b"((x)",
            b"\x00)\x00(",
            &every_ascii,
            &every_byte,
        ];
        let mut c = Content::new();
        c.begin_text();
        c.set_font(Name(b"F3"), 9.6);
        c.set_font(Name(b"A#b c"), 10.0);
        c.set_fill_cmyk(0.0, 0.25, 1.0, 0.5);
        for n in numbers {
            c.set_horizontal_scaling(n);
        }
        {
            let mut show = c.show_positioned();
            let mut items = show.items();
            for (s, n) in strings.iter().zip(numbers) {
                items.show(Str(s));
                items.adjust(n);
            }
        }
        c.end_text();
        let expected = c.finish().into_vec();

        let mut buf = Vec::new();
        op(&mut buf);
        buf.extend_from_slice(b"BT");
        for (font, size) in [(&b"F3"[..], 9.6f32), (&b"A#b c"[..], 10.0)] {
            op(&mut buf);
            name(&mut buf, font);
            buf.push(b' ');
            number(&mut buf, size);
            buf.extend_from_slice(b" Tf");
        }
        op(&mut buf);
        for v in [0.0f32, 0.25, 1.0, 0.5] {
            number(&mut buf, v);
            buf.push(b' ');
        }
        buf.push(b'k');
        for n in numbers {
            op(&mut buf);
            number(&mut buf, n);
            buf.extend_from_slice(b" Tz");
        }
        op(&mut buf);
        buf.push(b'[');
        for (i, (s, n)) in strings.iter().zip(numbers).enumerate() {
            if i > 0 {
                buf.push(b' ');
            }
            string(&mut buf, s);
            buf.push(b' ');
            number(&mut buf, n);
        }
        buf.extend_from_slice(b"] TJ");
        op(&mut buf);
        buf.extend_from_slice(b"ET");
        assert_eq!(
            String::from_utf8_lossy(&buf),
            String::from_utf8_lossy(&expected)
        );
        assert_eq!(buf, expected);
    }

    // The thousandths path against ryu, through pdf-writer: every thousandth up to ±2000,
    // and numbers around the six-digit limit.
    #[test]
    fn numbers_are_written_as_pdf_writer_writes_them() {
        let mut values: Vec<f32> = (-2_000_000..=2_000_000)
            .map(|k| k as f32 / 1000.0)
            .collect();
        values.extend((0..2000).map(|i| 999.0 + i as f32 * 0.000_7));
        values.extend([1e-4, 0.0015, 1234.5677, -999.9995, 0.1 + 0.2, 1.0 / 3.0]);
        for chunk in values.chunks(50_000) {
            let mut c = Content::new();
            for &v in chunk {
                c.set_horizontal_scaling(v);
            }
            let expected = c.finish().into_vec();
            let mut buf = Vec::new();
            for &v in chunk {
                op(&mut buf);
                number(&mut buf, v);
                buf.extend_from_slice(b" Tz");
            }
            if buf != expected {
                let (a, b) = (
                    String::from_utf8_lossy(&buf),
                    String::from_utf8_lossy(&expected),
                );
                let first = a.lines().zip(b.lines()).find(|(x, y)| x != y);
                panic!("first difference: {first:?}");
            }
        }
    }

    #[test]
    fn pieces_join_as_one_content_would() {
        let mut one = Content::new();
        one.save_state();
        one.begin_text();
        one.end_text();
        one.restore_state();
        let mut page = PageStream::default();
        page.content().save_state();
        let raw = page.raw();
        op(raw);
        raw.extend_from_slice(b"BT");
        op(raw);
        raw.extend_from_slice(b"ET");
        page.content().restore_state();
        assert_eq!(page.finish(), one.finish().into_vec());
    }
}
