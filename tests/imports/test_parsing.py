"""Unit tests of the file readers and parsers, without the database."""

from __future__ import annotations

import datetime as dt

import pytest

from backend.core.errors import InvalidInput, UnsupportedMediaType
from backend.core.normalize import Birthday
from backend.imports.csv_contacts import split_name_and_company
from backend.imports.drafts import RowError, build_draft, parse_birthday_text, parse_connected_on
from backend.imports.linkedin_messages import normalize_person_name, parse_message_date, reference_id
from backend.imports.reader import decode_text, header_key, parse_table, sniff_delimiter
from backend.imports.vcard import card_to_draft, parse_cards


def test_decode_utf8_bom_and_crlf():
    decoded = decode_text("\ufeffname\r\nZoë\r\n".encode(), expected="a CSV")
    assert decoded.text == "name\nZoë\n"
    assert decoded.encoding == "utf-8"


def test_decode_cp1252_fallback():
    decoded = decode_text("name\nRenée\n".encode("cp1252"), expected="a CSV")
    assert decoded.text == "name\nRenée\n"
    assert decoded.encoding == "cp1252"


def test_decode_utf16_with_bom():
    decoded = decode_text("name\tcompany\r\nAnn\tAcme\r\n".encode("utf-16"), expected="a CSV")
    assert decoded.text == "name\tcompany\nAnn\tAcme\n"


def test_decode_rejects_nul_bytes():
    with pytest.raises(UnsupportedMediaType):
        decode_text(b"name\x00\x00\x01", expected="a CSV")


def test_decode_rejects_empty():
    with pytest.raises(InvalidInput):
        decode_text(b" \n", expected="a CSV")


@pytest.mark.parametrize(
    ("line", "expected"),
    [("a,b,c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"), ('a,"x;y;z",b', ","), ("single", ",")],
)
def test_sniff_delimiter(line, expected):
    assert sniff_delimiter(line) == expected


def test_header_key_forms():
    assert header_key(" E-mail 1 - Value ") == "e mail 1 value"
    assert header_key("twitter_handle") == "twitter handle"


def test_parse_table_multiline_and_blank_rows():
    text = 'name,notes\nAnn,"line one\nline two, with comma"\n\n,\nBen,"say ""hi"""\n'
    table = parse_table(text, header_line=0, expected="a CSV")
    assert [row.number for row in table.rows] == [1, 4]
    assert table.rows[0].cells[1] == "line one\nline two, with comma"
    assert table.rows[1].cells[1] == 'say "hi"'


def test_parse_table_from_header_line():
    text = "Notes:\n\"Some text, quoted\"\n\nFirst Name,Last Name\nAnn,Lee\n"
    table = parse_table(text, header_line=3, expected="a CSV")
    assert table.header == ["First Name", "Last Name"]
    assert table.index("first name") == 0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jan Novak | Safe Foundation", ("Jan Novak", "Safe Foundation")),
        ("Mickey @ Arcadia", ("Mickey", "Arcadia")),
        ("Alice / ACME Corp", ("Alice", "ACME Corp")),
        ("Bob - Foo", ("Bob", "Foo")),
        ("Jean-Luc Picard", ("Jean-Luc Picard", None)),
        ("ann@example.com", ("ann@example.com", None)),
        ('=HYPERLINK("http://evil.example")', ('=HYPERLINK("http://evil.example")', None)),
    ],
)
def test_split_name_and_company(raw, expected):
    assert split_name_and_company(raw) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Priya Raman, MBA", "priya raman"),
        ("Priya Raman MBA, PhD", "priya raman"),
        ("Mia 🌻 Chen", "mia chen"),
        ("Dr. José García", "jose garcia"),
        ("Ma", "ma"),
    ],
)
def test_normalize_person_name(name, expected):
    assert normalize_person_name(name) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-16 09:12:44 UTC", dt.datetime(2024, 1, 16, 9, 12, 44, tzinfo=dt.UTC)),
        ("2023-02-04 12:00:00", dt.datetime(2023, 2, 4, 12, 0, tzinfo=dt.UTC)),
        ("2024-01-16T09:12:44Z", dt.datetime(2024, 1, 16, 9, 12, 44, tzinfo=dt.UTC)),
        ("2024-01-16T11:12:44+02:00", dt.datetime(2024, 1, 16, 9, 12, 44, tzinfo=dt.UTC)),
        ("16/01/2024", None),
    ],
)
def test_parse_message_date(value, expected):
    assert parse_message_date(value) == expected


def test_reference_id_is_utc_iso():
    moment = dt.datetime(2024, 1, 16, 11, 12, 44, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert reference_id("2-abc", moment) == "linkedin:2-abc:2024-01-16T09:12:44Z"


@pytest.mark.parametrize(
    ("value", "omit_year", "expected"),
    [
        ("--0214", False, Birthday(2, 14, None)),
        ("--12-09", False, Birthday(12, 9, None)),
        ("1604-11-30", True, Birthday(11, 30, None)),
        ("19850214", False, Birthday(2, 14, 1985)),
        ("1985-02-14T00:00:00Z", False, Birthday(2, 14, 1985)),
        ("14 Feb 1985", False, Birthday(2, 14, 1985)),
        ("1990-05-01", True, Birthday(5, 1, None)),
    ],
)
def test_parse_birthday_text(value, omit_year, expected):
    assert parse_birthday_text(value, omit_year=omit_year) == expected


def test_parse_birthday_text_rejects_slashes():
    with pytest.raises(RowError, match="YYYY-MM-DD"):
        parse_birthday_text("03/04/1985")


def test_parse_connected_on():
    assert parse_connected_on("15 Jan 2024") == dt.date(2024, 1, 15)
    assert parse_connected_on("someday") is None


def test_build_draft_requires_identity():
    with pytest.raises(RowError, match="nothing to import"):
        build_draft("Row 1", source="csv", region="US", notes="only a note")


def test_build_draft_extracts_handles_from_urls():
    draft = build_draft(
        "Row 1", source="csv", region="US", full_name="Ann", twitter="https://x.com/AnnTweets", telegram="t.me/ann_tg"
    )
    assert draft.twitter_handle == "anntweets"
    assert draft.telegram_username == "ann_tg"


def test_build_draft_rejects_non_linkedin_url():
    with pytest.raises(RowError, match="LinkedIn"):
        build_draft("Row 1", source="csv", region="US", full_name="Ann", linkedin="https://example.com/ann")


def test_vcard_unfolding_and_escapes():
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Long\n  Name\nN:Name;Long;;;\nNOTE:a\\, b\\nc\\;d\n"
        "item1.EMAIL;type=INTERNET:long@example.com\nCATEGORIES:Friends,Work\nEND:VCARD\n"
    )
    cards = parse_cards(text)
    assert len(cards) == 1
    draft = card_to_draft(cards[0], region="US")
    assert draft.full_name == "Long Name"
    assert draft.notes == "a, b\nc;d"
    assert draft.emails == ["long@example.com"]
    assert draft.tags == ["friends", "work"]


def test_vcard_quoted_printable_soft_break():
    text = (
        "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ji=C5=99ina =C5=BDi=\n"
        "=C5=BEkov=C3=A1\nTEL;CELL:+420601000111\nEND:VCARD\n"
    )
    draft = card_to_draft(parse_cards(text)[0], region="US")
    assert draft.full_name == "Jiřina Žižková"
    assert draft.phones == ["+420601000111"]


def test_vcard_4_tel_uri_and_linkedin():
    text = (
        "BEGIN:VCARD\nVERSION:4.0\nFN:Uri Person\nTEL;VALUE=uri;TYPE=cell:tel:+1-415-555-0111\n"
        "URL:https://www.linkedin.com/in/uri-person/\nEND:VCARD\n"
    )
    draft = card_to_draft(parse_cards(text)[0], region="US")
    assert draft.phones == ["+14155550111"]
    assert draft.linkedin_profile_id == "uri-person"


def test_parse_table_excel_separator_line():
    table = parse_table("sep=;\nname;email\nAnn;ann@example.com\n", header_line=0, expected="a CSV")
    assert table.header == ["name", "email"]
    assert table.delimiter == ";"
    assert table.rows[0].cells == ["Ann", "ann@example.com"]
