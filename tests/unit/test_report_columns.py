"""Column widths of the printed tables (report/columns.py): the PDF lays its tables
out with these fixed widths instead of measuring every cell."""

from hypothesis import given
from hypothesis import strategies as st

from secu4all_ethics.report.columns import LINE_CHARACTERS, column_widths, table_class
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
    assert rank * line / 100 <= len("Rank") * 1.1 + 3 + 1e-9
    assert option * line / 100 <= len("Lighting") + 3 + 1e-9


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


@given(st.integers(min_value=1, max_value=14).flatmap(
    lambda columns: st.tuples(
        st.lists(cell_text, min_size=columns, max_size=columns),
        st.lists(st.lists(cell_text, min_size=columns, max_size=columns), max_size=6),
    )
))
def test_any_table_gets_positive_widths_that_add_up_to_the_whole(table_text):
    headers, rows = table_text
    widths = column_widths(Table(caption="t", columns=headers, rows=rows))
    assert len(widths) == len(headers)
    assert all(width > 0 for width in widths)
    assert abs(sum(widths) - 100) < 1e-6
