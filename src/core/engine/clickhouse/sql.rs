//! SQL text for ClickHouse: literals and identifiers escaped so that no value,
//! however hostile, can change a query's structure.
//!
//! ClickHouse 18.16 has no query parameters, so every value is written into the
//! query as a literal. Servers from 19.11 on take `{name:Type}` placeholders with
//! `param_name=` URL parameters instead; [`Sql`] writes either form.

/// Quotes `s` as a ClickHouse string literal: `'` and `\` are escaped with `\`,
/// control characters as `\0`, `\n`, `\t`, `\r` or `\xHH`; other text is kept as is.
pub(crate) fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\0' => out.push_str("\\0"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// `v` as a `param_<name>=` value: the server reads those like a field of the
/// Escaped (TabSeparated) format, where `\\` starts an escape and a raw tab or
/// newline ends the value, so `\\`, tab, newline, carriage return and NUL are
/// written as escapes; the rest, quotes included, stands for itself.
pub(crate) fn param_value(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c => out.push(c),
        }
    }
    out
}

/// Quotes `name` as an identifier in backquotes (`` `a\`b` ``), with the same
/// escapes as a string literal.
pub(crate) fn ident(name: &str) -> String {
    let lit = string(name);
    let inner = &lit[1..lit.len() - 1];
    // Inside backquotes a `'` needs no escape and a backquote does.
    let inner = inner.replace("\\'", "'").replace('`', "\\`");
    format!("`{inner}`")
}

/// `db.table` as two quoted identifiers (a name without a dot is a table alone).
pub(crate) fn table(name: &str) -> String {
    match name.split_once('.') {
        Some((db, t)) => format!("{}.{}", ident(db), ident(t)),
        None => ident(name),
    }
}

/// A query being written, with its values either inline (escaped literals) or as
/// query parameters, depending on what the server supports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Sql {
    /// The query text.
    pub text: String,
    /// `param_<name>` values, when the server takes query parameters.
    pub params: Vec<(String, String)>,
    /// True to send values as parameters.
    parametrised: bool,
}

impl Sql {
    /// An empty query; `parametrised` sends values as query parameters.
    pub(crate) fn new(parametrised: bool) -> Sql {
        Sql {
            parametrised,
            ..Default::default()
        }
    }

    /// Appends SQL text written by the planner (never a value from outside).
    pub(crate) fn push(&mut self, sql: &str) -> &mut Sql {
        self.text.push_str(sql);
        self
    }

    /// Appends a string value.
    pub(crate) fn value(&mut self, v: &str) -> &mut Sql {
        if self.parametrised {
            let name = format!("p{}", self.params.len());
            self.text.push_str(&format!("{{{name}:String}}"));
            self.params.push((name, v.to_string()));
        } else {
            self.text.push_str(&string(v));
        }
        self
    }

    /// Appends an integer (digits only, so it is safe inline).
    pub(crate) fn int(&mut self, v: i64) -> &mut Sql {
        self.text.push_str(&v.to_string());
        self
    }

    /// The `param_<name>=<value>` URL parameters of the values (none inline), each
    /// value escaped as the server reads it ([`param_value`]).
    pub(crate) fn url_params(&self) -> Vec<(String, String)> {
        self.params
            .iter()
            .map(|(k, v)| (format!("param_{k}"), param_value(v)))
            .collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One token of ClickHouse SQL, as its lexer would read it.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub(crate) enum Token {
        /// A string literal, decoded.
        Str(String),
        /// A backquoted identifier, decoded.
        Ident(String),
        /// A word, number or operator character.
        Word(String),
        /// A comment: never produced by the planner.
        Comment,
    }

    fn unescape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, quote: char) -> String {
        let mut s = String::new();
        loop {
            match chars
                .next()
                .expect("unterminated quote: the value escaped its literal")
            {
                c if c == quote => return s,
                '\\' => match chars.next().expect("dangling escape") {
                    'n' => s.push('\n'),
                    'r' => s.push('\r'),
                    't' => s.push('\t'),
                    '0' => s.push('\0'),
                    'x' => {
                        let h: String = chars.by_ref().take(2).collect();
                        s.push(char::from(u8::from_str_radix(&h, 16).unwrap()));
                    }
                    c => s.push(c),
                },
                c => s.push(c),
            }
        }
    }

    /// Splits `sql` as ClickHouse's lexer does (the subset the planner writes).
    pub(crate) fn lex(sql: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut chars = sql.chars().peekable();
        while let Some(&c) = chars.peek() {
            match c {
                c if c.is_whitespace() => {
                    chars.next();
                }
                '\'' => {
                    chars.next();
                    out.push(Token::Str(unescape(&mut chars, '\'')));
                }
                '`' => {
                    chars.next();
                    out.push(Token::Ident(unescape(&mut chars, '`')));
                }
                '-' | '/' | '#' => {
                    chars.next();
                    if matches!(
                        (c, chars.peek()),
                        ('-', Some('-')) | ('/', Some('*')) | ('#', _)
                    ) {
                        out.push(Token::Comment);
                        return out;
                    }
                    out.push(Token::Word(c.to_string()));
                }
                c if c.is_alphanumeric() || c == '_' => {
                    let mut w = String::new();
                    while let Some(&d) = chars.peek() {
                        if !(d.is_alphanumeric()
                            || d == '_'
                            || d == '.' && w.chars().all(|x| x.is_ascii_digit()))
                        {
                            break;
                        }
                        w.push(d);
                        chars.next();
                    }
                    out.push(Token::Word(w));
                }
                c => {
                    chars.next();
                    out.push(Token::Word(c.to_string()));
                }
            }
        }
        out
    }

    pub(crate) const HOSTILE: &[&str] = &[
        "",
        "'",
        "\\",
        "\\'",
        "'; DROP TABLE audit; --",
        "a' OR '1'='1",
        "x\0y",
        "line\nbreak\r\ttab",
        "\u{1}\u{1f}\u{7f}",
        "back`tick",
        "`; SELECT 1 --",
        "-- comment",
        "/* c */",
        "é ü 日本 🦀",
        "\\\\'\\",
        "%_\\%",
        "{p0:String}",
        " WHERE 1 AND ",
        "\u{2028}\u{feff}",
    ];

    #[test]
    fn every_hostile_string_stays_one_literal_and_reads_back_exactly() {
        for &h in HOSTILE {
            let sql = format!("SELECT {} FROM t WHERE x = 1", string(h));
            let toks = lex(&sql);
            assert_eq!(toks.len(), 8, "{h:?} -> {sql}");
            assert_eq!(toks[1], Token::Str(h.to_string()), "{h:?}");
            assert!(
                !sql.contains('\0') && !sql.contains('\n'),
                "no raw control bytes"
            );
        }
    }

    #[test]
    fn identifiers_with_backquotes_stay_one_name() {
        for &h in HOSTILE {
            let sql = format!("SELECT {} FROM {}", ident(h), table(&format!("db.{h}")));
            let toks = lex(&sql);
            assert_eq!(toks[1], Token::Ident(h.to_string()), "{h:?} -> {sql}");
            assert_eq!(toks[3], Token::Ident("db".into()));
            assert_eq!(toks[5], Token::Ident(h.to_string()), "{sql}");
            assert_eq!(toks.len(), 6, "{sql}");
        }
        assert_eq!(ident("a`b"), "`a\\`b`");
        assert_eq!(ident("it's"), "`it's`");
    }

    /// A `param_` value as the server reads it: like a field of the Escaped
    /// (TabSeparated) format, which a raw tab or newline ends and `\\` escapes.
    fn read_escaped(s: &str) -> Result<String, String> {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            match c {
                '\t' | '\n' => return Err(format!("the value ends at a raw {c:?}")),
                '\\' => match chars.next().ok_or("a lone backslash at the end")? {
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    '0' => out.push('\0'),
                    'a' => out.push('\u{7}'),
                    'v' => out.push('\u{b}'),
                    'x' => {
                        let h: String = chars.by_ref().take(2).collect();
                        let b = u8::from_str_radix(&h, 16).map_err(|e| e.to_string())?;
                        out.push(char::from(b));
                    }
                    // Any other escaped character stands for itself.
                    c => out.push(c),
                },
                c => out.push(c),
            }
        }
        Ok(out)
    }

    #[test]
    fn param_values_read_back_exactly_on_the_server() {
        // Bug: param_ values went unescaped, so `\`, a tab or a newline in a search
        // changed the value ClickHouse read or broke the query (issue 28, item 11).
        let mut values: Vec<String> = HOSTILE.iter().map(|h| h.to_string()).collect();
        values.extend(
            [
                "a\\b",
                "ends with \\",
                "\\n is not a newline",
                "tab\there",
                "new\nline",
                "cr\rlf\n",
                "nul\0byte",
                "quote ' and \" and `",
                "\\\t\\\n",
                "ünïcödé 🦀 \u{2028}",
                "\u{7}\u{8}\u{b}\u{c}",
            ]
            .map(String::from),
        );
        for v in &values {
            let mut q = Sql::new(true);
            q.push("SELECT ").value(v);
            let params = q.url_params();
            assert_eq!(params.len(), 1);
            assert_eq!(params[0].0, "param_p0");
            assert_eq!(
                read_escaped(&params[0].1).as_deref(),
                Ok(v.as_str()),
                "{v:?}"
            );
        }
    }

    #[test]
    fn parametrised_values_never_enter_the_text() {
        let mut q = Sql::new(true);
        q.push("SELECT 1 WHERE a = ")
            .value("'; DROP --")
            .push(" AND b = ")
            .value("x");
        assert_eq!(q.text, "SELECT 1 WHERE a = {p0:String} AND b = {p1:String}");
        assert_eq!(q.params[0], ("p0".into(), "'; DROP --".into()));
        let mut q = Sql::new(false);
        q.push("SELECT ").value("it's").push(", ").int(-5);
        assert_eq!(q.text, r"SELECT 'it\'s', -5");
        assert!(q.params.is_empty());
    }
}
