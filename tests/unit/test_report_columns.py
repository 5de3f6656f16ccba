"""Column widths of the printed tables (report/columns.py): the PDF lays its tables
out with these fixed widths instead of measuring every cell."""

from hypothesis import given
from hypothesis import strategies as st

from secu4all_ethics.report.columns import (
    CAPITAL_WIDTH,
    HEADER_LINES,
    LINE_CHARACTERS,
    _header_pieces,
    _shared_out,
    _wrapped_lines,
    column_keys,
    column_widths,
    header_characters,
    headers_break,
    hyphenated_headers,
    table_class,
)
from secu4all_ethics.report.model import Table

REASON = (
    "Kept as a time-limited complement to hosts and police patrols for pickpocketing, not as a stand-alone "
    "measure; the cameras are removed after the market and the city's own cost model replaces the catalogue's."
)


def options_table(rows: int = 3) -> Table:
    return Table(
        caption="Options",
        columns=["Option", "Kind", "Intrusiveness (1-5)", "Outcome", "Why kept or rejected"],
        rows=[["Hostile-vehicle-mitigation street furniture", "Less intrusive alternative", "1", "ranked 1", REASON]] * rows,
        numeric_columns=[2],
    )


def test_widths_are_shares_of_the_table():
    widths = column_widths(options_table())
    assert len(widths) == 5
    assert abs(sum(widths) - 100) < 1e-9
    assert all(width > 0 for width in widths)


def test_the_column_with_the_most_text_gets_the_most_room():
    option, kind, intrusiveness, outcome, reason = column_widths(options_table())
    assert reason == max(option, kind, intrusiveness, outcome, reason)
    # Automatic layout had given the reason a column narrower than the option's name.
    assert reason > 1.5 * option


def test_a_column_is_as_wide_as_its_longest_word_and_hyphens_are_break_points():
    table = Table(caption="t", columns=["A", "B"], rows=[["Hostile-vehicle-mitigation", REASON]])
    line = LINE_CHARACTERS[table_class(table)]
    option_characters = column_widths(table)[0] * line / 100
    # "mitigation" (10) plus padding, not the 26 characters of the whole compound.
    assert 10 <= option_characters < 26


def test_short_columns_are_not_stretched_past_their_text():
    table = Table(caption="t", columns=["Rank", "Option", "Reason"], rows=[["1", "Lighting", REASON]], numeric_columns=[0])
    rank, option, reason = column_widths(table)
    line = LINE_CHARACTERS[table_class(table)]
    # "Rank" in bold, its capital a third wider than a letter, and padding.
    assert rank * line / 100 <= round((len("ank") + CAPITAL_WIDTH) * 1.1) + 3 + 1e-9
    assert option * line / 100 <= len("Lighting") + 3 + 1e-9


def test_when_everything_fits_the_room_left_goes_to_the_text():
    table = Table(caption="t", columns=["Rank", "Option", "Status"], rows=[["1", "Lighting", "Ranked first of four options"]], numeric_columns=[0])
    rank, option, status = (width * LINE_CHARACTERS[table_class(table)] / 100 for width in column_widths(table))
    assert rank < 10  # "Rank" and padding, not a third of the line
    assert status > option > rank


def test_a_column_held_at_its_longest_text_gives_its_room_back_to_the_others():
    # Found in review: with water-filling, a column settled at its narrowest stayed there
    # after another was capped at its widest, and the room went to columns already full.
    widths = _shared_out(60, least=[16, 5, 5], most=[60, 12, 12], need=[35, 100, 100])
    assert widths == [36, 12, 12]


def test_with_a_column_per_criterion_the_headers_break_so_the_names_keep_room():
    criteria = [f"Criterion{number}withalongname" for number in range(12)]
    table = Table(
        caption="t",
        columns=["Option", *criteria],
        rows=[["Human guardianship: stewards, wardens, mediators, foot patrols", *["5"] * 12]] * 4,
    )
    assert table_class(table) == "wide very-wide"
    widths = column_widths(table)
    line = LINE_CHARACTERS[table_class(table)]
    assert widths[0] * line / 100 >= 20  # the option's name is not squeezed to its longest word
    assert all(width < widths[0] for width in widths[1:])


def test_a_table_without_columns_has_no_widths():
    assert column_widths(Table(caption="t", columns=[], rows=[])) == []


cell_text = st.text(alphabet=st.sampled_from("ab -/é1"), max_size=80)


@given(
    st.integers(min_value=1, max_value=14).flatmap(
        lambda columns: st.tuples(
            st.lists(cell_text, min_size=columns, max_size=columns),
            st.lists(st.lists(cell_text, min_size=columns, max_size=columns), max_size=6),
        )
    )
)
def test_any_table_gets_positive_widths_that_add_up_to_the_whole(table_text):
    headers, rows = table_text
    widths = column_widths(Table(caption="t", columns=headers, rows=rows))
    assert len(widths) == len(headers)
    assert all(width > 0 for width in widths)
    assert abs(sum(widths) - 100) < 1e-6


@given(
    st.lists(
        st.tuples(st.floats(1, 30), st.floats(0, 60), st.floats(0.5, 200)),
        min_size=1,
        max_size=14,
    ).flatmap(
        lambda columns: st.tuples(
            st.just(columns),
            st.floats(sum(low for low, _, _ in columns), sum(low + extra for low, extra, _ in columns)),
        )
    )
)
def test_the_line_is_shared_within_each_columns_bounds(case):
    columns, line = case
    least = [low for low, _, _ in columns]
    most = [low + extra for low, extra, _ in columns]
    need = [want for _, _, want in columns]
    widths = _shared_out(line, least, most, need)
    assert abs(sum(widths) - line) < 1e-6 * max(line, 1)
    assert all(low - 1e-9 <= width <= high + 1e-9 for width, low, high in zip(widths, least, most))
    # Columns that are not held by a bound get the same width per unit of need.
    free = [width / want for width, low, high, want in zip(widths, least, most, need) if low + 1e-6 < width < high - 1e-6]
    assert max(free, default=0) - min(free, default=0) < 1e-6 * max(free, default=1)


def test_full_width_columns_take_no_share_of_the_line():
    table = options_table()
    table.full_width_columns = [4]
    widths = column_widths(table)
    assert len(widths) == 4  # the reason is laid out under its row, not beside the others
    assert abs(sum(widths) - 100) < 1e-9
    # Six columns of which one goes under the row: ordinary type, not the small type of a wide table.
    wide = Table(caption="t", columns=[f"C{n}" for n in range(7)], rows=[["x"] * 7], full_width_columns=[6])
    assert table_class(wide) == ""


def test_a_header_word_stays_whole_while_the_line_has_room():
    table = Table(
        caption="t",
        columns=["Option", "Art", "Eingriffsintensität (1–5)"],
        rows=[["Verbesserte oder adaptive Straßenbeleuchtung", "Weniger eingriffsintensive Alternative", "1"]],
        numeric_columns=[2],
    )
    assert not headers_break(table, "de")
    intrusiveness = column_widths(table, "de")[2] * LINE_CHARACTERS[table_class(table)] / 100
    assert intrusiveness >= len("Eingriffsintensität") * 1.1 + 3  # the old estimate gave it 7 characters: six lines


def test_when_headers_must_break_they_break_at_hyphenation_points_into_a_few_lines():
    assert header_characters("Eingriffsintensität (1–5)", "de") < len("Eingriffsintensität")
    # Every line ends at a space, a hyphen or a hyphenation point: no piece is cut letter by letter.
    pieces = _header_pieces("Abschreckungswirkung auf Grundfreiheiten", "de")
    assert "".join(piece for piece, _ in pieces) == "AbschreckungswirkungaufGrundfreiheiten"
    assert _wrapped_lines(pieces, header_characters("Abschreckungswirkung auf Grundfreiheiten", "de")) <= HEADER_LINES
    criteria = ["Abschreckungswirkung auf Grundfreiheiten"] * 12
    matrix = Table(caption="t", columns=["Option", *criteria], rows=[["Kameradrohnen (UAS)", *["5"] * 12]])
    assert headers_break(matrix, "de")


def test_headers_too_long_even_hyphenated_become_letters_with_a_key():
    criteria = ["Abschreckungswirkung auf Grundfreiheiten", "Datensicherheit und Zugriffskontrolle"] * 6
    matrix = Table(caption="t", columns=["Option", *criteria], rows=[["Kameradrohnen (UAS)", *["5"] * 12]])
    keys = column_keys(matrix, "de")
    assert list(keys) == list(range(1, 13)) and keys[1] == "A" and keys[12] == "L"
    # Measured by their letters, the value columns leave the option's name room.
    assert column_widths(matrix, "de")[0] * LINE_CHARACTERS[table_class(matrix)] / 100 >= len("Kameradrohnen (UAS)")
    assert hyphenated_headers(matrix, "de") == set()


def test_only_the_headers_that_do_not_fit_are_hyphenated():
    table = Table(
        caption="t",
        columns=[
            "Option",
            "Wirksamkeit",
            "Privatsphäre und Datenschutz",
            "Rechtmäßigkeit, Grundrechte und Legitimität",
            "Kosten und Umsetzbarkeit",
            "Punktwert",
        ],
        rows=[["Verbesserte oder adaptive Straßenbeleuchtung", "0,93", "2,32", "1,25", "0,20", "4,70"]],
    )
    assert column_keys(table, "de") == {}
    hyphenated = hyphenated_headers(table, "de")
    assert 0 not in hyphenated and len(hyphenated) < 5
    short = Table(caption="t", columns=["Option", "Art", "Wert"], rows=[["Beleuchtung", "Technik", "4"]])
    assert hyphenated_headers(short, "de") == set()
