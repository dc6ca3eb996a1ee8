"""Reading roster CSV files as spreadsheets and school systems write them."""

import pytest

from portfolio_app.core.roster_csv import RosterFileError, RosterRow, parse_roster

GOOD = "name,video,photo,audio,note\nMaya,yes,yes,no,\nSam,n,Y,TRUE,twin of Sara\nSara,x,,0,\n"


def test_a_good_file():
    rows = parse_roster(GOOD.encode(), "roster.csv")
    assert rows == [
        RosterRow(2, "Maya", True, True, False),
        RosterRow(3, "Sam", False, True, True, "twin of Sara"),
        RosterRow(4, "Sara", True, False, False),
    ]


def test_bom_semicolons_crlf_quotes_and_column_order_from_a_european_spreadsheet():
    text = '\ufeffNote;Audio;Photo;Name;Video\r\n"likes; semicolons";1;1;José;0\r\n;no;no;"Zoë";False\r\n'
    rows = parse_roster(text.encode("utf-8"), "klasse.csv")
    assert [(r.name, r.video, r.photo, r.audio, r.note) for r in rows] == [
        ("José", False, True, True, "likes; semicolons"),
        ("Zoë", False, False, False, ""),
    ]


def test_tabs_blank_lines_extra_columns_and_untidy_names():
    text = "student id\tname\tvideo\tphoto\taudio\n\n17\t  Maya   Lee \tyes\tyes\tyes\n\n"
    [row] = parse_roster(text.encode(), "export.tsv")
    assert (row.row, row.name, row.video) == (3, "Maya Lee", True)


def test_every_bad_cell_is_named_by_row_and_column():
    text = "name,video,photo,audio\nMaya,yes,yes,yes\nSam,yes,yes,yes\n,no,no,no\nLi,maybe,yes,si\nmaya,no,no,no\n"
    with pytest.raises(RosterFileError) as caught:
        parse_roster(text.encode(), "roster.csv")
    assert caught.value.problems == [
        'roster.csv row 4, column "name": the name is empty',
        'roster.csv row 5, column "video": "maybe" is not yes or no',
        'roster.csv row 5, column "audio": "si" is not yes or no',
        'roster.csv row 6, column "name": "maya" is already on row 2',
    ]
    message = str(caught.value)
    assert message.startswith("roster.csv has 4 problems; nothing was imported:")
    assert 'row 5, column "video": "maybe" is not yes or no' in message


def test_one_problem_reads_as_one_sentence():
    with pytest.raises(RosterFileError) as caught:
        parse_roster(b"name,video,photo,audio\nMaya,yes,yes,perhaps\n", "roster.csv")
    assert str(caught.value) == 'roster.csv row 2, column "audio": "perhaps" is not yes or no. Nothing was imported.'


def test_a_row_split_by_an_unquoted_comma():
    with pytest.raises(RosterFileError, match="row 2 has 5 cells but the header has 4: put names"):
        parse_roster(b"name,video,photo,audio\nLee, Maya,yes,yes,yes\n", "roster.csv")


@pytest.mark.parametrize(
    "data,expected",
    [
        (b"Maya,yes,yes,yes\nSam,no,no,no\n", "roster.csv has no header row: its first row must name the columns"),
        (b"name,video,photo\nMaya,yes,yes\n", "roster.csv: the header row has no column \u201caudio\u201d"),
        (b"", "roster.csv is empty"),
        (b"\n \n", "roster.csv is empty"),
        ("name,video,photo,audio\nJosé,1,1,1\n".encode("cp1252"), "roster.csv is not UTF-8 text"),
    ],
)
def test_files_that_are_not_rosters(data, expected):
    with pytest.raises(RosterFileError) as caught:
        parse_roster(data, "roster.csv")
    assert str(caught.value).startswith(expected)


def test_a_header_alone_is_an_empty_roster():
    assert parse_roster(b"name,video,photo,audio\n", "roster.csv") == []
