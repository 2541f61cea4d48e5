//! Ids and the slugs made from titles.

use super::diagnostics::Problem;
/// Checks an id: lowercase ASCII letters, digits and `-`, never a path.
pub(crate) fn check_id(id: &str) -> Result<(), Problem> {
    if id.is_empty() {
        return Err("the id is empty".into());
    }
    if id.len() > 120 {
        return Err(format!("the id `{id}` is longer than 120 characters").into());
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(format!(
            "the id `{id}` contains `{c}`: ids use only lowercase ASCII letters, digits and `-`"
        )
        .into());
    }
    Ok(())
}

/// Turns a title into an id: "Rocket attack on K-1" → "rocket-attack-on-k-1".
pub(crate) fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(fold_char) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c != '\'' && !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Folds common Latin diacritics to ASCII.
fn fold_char(c: char) -> impl Iterator<Item = char> {
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => 'A',
        'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' => 'E',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        '’' | 'ʼ' | 'ʿ' | 'ʾ' => '\'',
        c => c,
    };
    std::iter::once(folded)
}
