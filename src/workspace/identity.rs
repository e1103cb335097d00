//! A cable's canonical id: the collection's name for it when its file is
//! named by one (Cablegate names every file so), checked against the id
//! the text gives; the text's id otherwise.
//!
//! A text's id can be wrong where the file name is right: a partial extract
//! has no date-time group (no year), a damaged date-time group gives a wrong
//! year, a banner run into another cable's gives another cable's id. The
//! file name is what a collection and its citations use, so it wins; hover
//! says when the text disagrees.

/// Where a summary's id comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum IdSource {
    /// The text (and the file name, when it is an id, agrees).
    #[default]
    Text,
    /// The file name; the text gives no complete id.
    Name,
    /// The file name; the text gives this other id.
    NameDiffers(String),
}

/// The canonical id a file name holds: two digits of the year, the post in
/// capitals and the serial (`05BRASILIA1682.txt`), with the published
/// malformed forms that carry digits inside the post
/// (`09SECTION01OF03SANJOSE525`). `None` for any other name.
pub fn id_of_file_name(file_name: &str) -> Option<&str> {
    let stem = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file_name)
        .split('.')
        .next()
        .unwrap_or("");
    let b = stem.as_bytes();
    let serial = b.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    let post = b.get(2..b.len() - serial)?;
    let year_ok = b.len() > 2 && b[..2].iter().all(u8::is_ascii_digit);
    let post_ok = post.first().is_some_and(u8::is_ascii_uppercase)
        && post.last().is_some_and(u8::is_ascii_uppercase)
        && post
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    (year_ok && post_ok && (1..=7).contains(&serial)).then_some(stem)
}

/// The id of a cable in a file called `file_name` whose text gives
/// `text_id`, and where it comes from.
pub fn settle(file_name: Option<&str>, text_id: Option<&str>) -> (Option<String>, IdSource) {
    match (file_name.and_then(id_of_file_name), text_id) {
        (None, text) => (text.map(str::to_string), IdSource::Text),
        (Some(name), Some(text)) if name == text => (Some(name.to_string()), IdSource::Text),
        (Some(name), Some(text)) => (Some(name.to_string()), IdSource::NameDiffers(text.into())),
        (Some(name), None) => (Some(name.to_string()), IdSource::Name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_file_names_give_ids() {
        assert_eq!(
            id_of_file_name("05BRASILIA1682.txt"),
            Some("05BRASILIA1682")
        );
        assert_eq!(
            id_of_file_name("/corpus/09SECTION01OF03SANJOSE525.txt"),
            Some("09SECTION01OF03SANJOSE525")
        );
        assert_eq!(id_of_file_name("06STATE72746.cable"), Some("06STATE72746"));
        for other in [
            "dushanbe.cable",
            "2006STATE1.txt",
            "06state1.txt",
            "06STATE.txt",
            "06STATE12345678.txt",
            "0612.txt",
            "",
            "06",
        ] {
            assert_eq!(id_of_file_name(other), None, "{other}");
        }
    }

    #[test]
    fn the_name_wins_and_a_disagreement_is_kept() {
        assert_eq!(
            settle(Some("04MADRID4887.txt"), Some("44MADRID4887")),
            (
                Some("04MADRID4887".into()),
                IdSource::NameDiffers("44MADRID4887".into())
            )
        );
        assert_eq!(
            settle(Some("05BRASILIA1682.txt"), None),
            (Some("05BRASILIA1682".into()), IdSource::Name)
        );
        assert_eq!(
            settle(Some("a.cable"), Some("06X1")),
            (Some("06X1".into()), IdSource::Text)
        );
        assert_eq!(
            settle(Some("06X1.txt"), Some("06X1")),
            (Some("06X1".into()), IdSource::Text)
        );
    }
}
