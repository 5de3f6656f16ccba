"""Joining a PDF laid out in parts (report/pdf.py) into one document, with pypdf.

The frame is a WeasyPrint document of the title page followed by blank pages
that carry only the page header and footer; each part's page is drawn over the
frame's page of the same number. The title page's contents get their links,
and the parts' outlines follow each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

# Imported with the module, not on first use: the module is imported when the first PDF is asked for.
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, Fit, NameObject, TextStringObject

# WeasyPrint's CSS pixels (96 an inch) in PDF points (72 an inch).
POINTS_PER_PIXEL = 0.75


@dataclass(frozen=True)
class Place:
    """A point on a page of the joined document: page index from 0, x and y in CSS pixels from the top left."""

    page: int
    x: float
    y: float


@dataclass(frozen=True)
class ContentsLink:
    """A line of the contents (its box, in CSS pixels, on a page of the title pages) and where it leads."""

    page: int
    box: tuple[float, float, float, float]
    target: Place


class AssemblyError(RuntimeError):
    """The parts do not make up the frame's pages: a layout bug, never the user's input."""


def assemble(
    frame_pdf: bytes,
    cover_pages: int,
    part_pdfs: list[bytes],
    links: list[ContentsLink],
    *,
    title: str,
    language: str,
) -> bytes:
    frame = PdfReader(BytesIO(frame_pdf))
    writer = PdfWriter()
    writer.append(frame, pages=list(range(cover_pages)), import_outline=True)
    for part in part_pdfs:
        writer.append(PdfReader(BytesIO(part)), import_outline=True)
    if len(writer.pages) != len(frame.pages):
        raise AssemblyError(f"the parts have {len(writer.pages) - cover_pages} pages, the frame {len(frame.pages) - cover_pages}")
    for index in range(cover_pages, len(writer.pages)):
        _draw_frame(writer, writer.pages[index], frame.pages[index], index)
    for link in links:
        height = float(writer.pages[link.page].mediabox.height)
        target_height = float(writer.pages[link.target.page].mediabox.height)
        left, top, right, bottom = (value * POINTS_PER_PIXEL for value in link.box)
        writer.add_annotation(
            link.page,
            Link(
                rect=(left, height - bottom, right, height - top),
                target_page_index=link.target.page,
                fit=Fit.xyz(left=link.target.x * POINTS_PER_PIXEL, top=target_height - link.target.y * POINTS_PER_PIXEL),
            ),
        )
    writer.add_metadata({"/Title": title, "/Creator": "Secu4All Ethics"})
    writer.root_object[NameObject("/Lang")] = TextStringObject(language)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def _draw_frame(writer, page, frame_page, index: int) -> None:
    """Draw the frame's page over the part's page, as a form XObject: no content stream is parsed."""
    contents = frame_page.get_contents()
    drawing = DecodedStreamObject()
    drawing.set_data(contents.get_data() if contents is not None else b"")
    form = drawing.flate_encode()
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): frame_page.mediabox,
            NameObject("/Resources"): frame_page["/Resources"].clone(writer),
        }
    )
    name = NameObject(f"/Secu4AllFrame{index}")
    # The page's own copy of its resources: WeasyPrint may share one dictionary between pages.
    resources = DictionaryObject(page["/Resources"].get_object())
    forms = DictionaryObject(resources["/XObject"].get_object()) if "/XObject" in resources else DictionaryObject()
    forms[name] = writer._add_object(form)
    resources[NameObject("/XObject")] = forms
    page[NameObject("/Resources")] = resources
    existing = page["/Contents"].get_object()
    streams = list(existing) if isinstance(existing, ArrayObject) else [page["/Contents"]]
    # The part's drawing may leave its coordinate system changed: save and restore the state around it.
    page[NameObject("/Contents")] = ArrayObject([_stream(writer, b"q\n"), *streams, _stream(writer, b"\nQ\nq " + name.encode() + b" Do Q\n")])


def _stream(writer, data: bytes):
    stream = DecodedStreamObject()
    stream.set_data(data)
    # pypdf has no public call that adds an indirect object, and a page's content streams must be indirect.
    return writer._add_object(stream)
