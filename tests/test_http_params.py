"""Parameters serialised as OpenAPI's Style Examples table says, through httpx.MockTransport.

`color` is `"blue"`, `["blue", "black", "brown"]` or the object `{"R": 100, "G": 200, "B": 150}`
(a model here, as a generated client passes it), in every location, style and explode.
"""

from __future__ import annotations

import enum
from typing import Any

import pytest
from http_support import BASE, Recorder, client, get

from openapi_dataclasses import http as oh
from openapi_dataclasses import runtime as rt


@rt.model
class HttpColor(rt.Model):
    r: int = rt.field("R", rt.Int())
    g: int = rt.field("G", rt.Int())
    b: int = rt.field("B", rt.Int())


STRING = ("blue", rt.Str())
ARRAY = (["blue", "black", "brown"], rt.List(rt.Str()))
OBJECT = (HttpColor(r=100, g=200, b=150), rt.Nested("HttpColor"))


def sent(*params: oh.Param, values: tuple[Any, ...], path: str = "/items") -> Recorder:
    recorder = Recorder()
    client(recorder).call(get(path, params), values)
    return recorder


def query_of(value: Any, codec: Any, **style: Any) -> str:
    recorder = sent(oh.Param("color", "query", codec, **style), values=(value,))
    return recorder.last.url.query.decode()


def path_of(value: Any, codec: Any, **style: Any) -> str:
    # A prefix in the segment: a lone "." segment would be a dot-segment that URLs drop.
    template = "/c/x{color}"
    recorder = sent(oh.Param("color", "path", codec, **style), values=(value,), path=template)
    return recorder.last.url.raw_path.decode().removeprefix("/v1/c/x")


@pytest.mark.parametrize(
    ("style", "explode", "expected"),
    [
        ("simple", False, ["blue", "blue,black,brown", "R,100,G,200,B,150"]),
        ("simple", True, ["blue", "blue,black,brown", "R=100,G=200,B=150"]),
        ("label", False, [".blue", ".blue,black,brown", ".R,100,G,200,B,150"]),
        ("label", True, [".blue", ".blue.black.brown", ".R=100.G=200.B=150"]),
        ("matrix", False, [";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"]),
        (
            "matrix",
            True,
            [";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"],
        ),
    ],
)
def test_path_styles_follow_the_style_table(style: str, explode: bool, expected: list[str]) -> None:
    got = [
        path_of(value, codec, style=style, explode=explode)
        for value, codec in (STRING, ARRAY, OBJECT)
    ]
    assert got == expected


def test_path_default_is_simple_without_explode() -> None:
    assert path_of(*ARRAY) == "blue,black,brown"
    assert path_of(*OBJECT) == "R,100,G,200,B,150"


@pytest.mark.parametrize(
    ("style", "explode", "expected"),
    [
        ("form", False, ["color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"]),
        ("form", True, ["color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"]),
        (
            "spaceDelimited",
            False,
            [None, "color=blue%20black%20brown", "color=R%20100%20G%20200%20B%20150"],
        ),
        (
            "pipeDelimited",
            False,
            [None, "color=blue%7Cblack%7Cbrown", "color=R%7C100%7CG%7C200%7CB%7C150"],
        ),
        ("deepObject", True, [None, None, "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"]),
    ],
)
def test_query_styles_follow_the_style_table(
    style: str, explode: bool, expected: list[str | None]
) -> None:
    for (value, codec), wanted in zip((STRING, ARRAY, OBJECT), expected, strict=True):
        if wanted is not None:  # n/a in the table
            assert query_of(value, codec, style=style, explode=explode) == wanted


def test_query_default_is_form_exploded() -> None:
    assert query_of(*ARRAY) == "color=blue&color=black&color=brown"
    assert query_of(*OBJECT) == "R=100&G=200&B=150"


class HttpShade(str, rt.OpenEnum):
    BLUE = "blue"
    BLACK = "black"
    A_B = "a b"


class HttpClosedShade(str, enum.Enum):
    BLUE = "blue"


def test_arrays_of_enum_members_are_written_as_their_values() -> None:
    members = rt.List(rt.Enum(HttpShade))
    shades = [HttpShade.BLUE, HttpShade.A_B, HttpShade.BLACK]
    assert query_of(shades, members) == "color=blue&color=a%20b&color=black"
    assert query_of(shades, members, explode=False) == "color=blue,a%20b,black"
    # Wire values are taken as they are; an open enum keeps one it does not list.
    assert query_of(["black", "grey"], members, explode=False) == "color=black,grey"
    assert query_of([], members) == "color="
    nullable_items = rt.List(rt.Nullable(rt.Enum(HttpShade)))
    assert query_of([HttpShade.BLUE, None], nullable_items, explode=False) == "color=blue"


def test_a_value_a_closed_enum_does_not_list_is_refused_before_sending() -> None:
    with pytest.raises(rt.ValidationError, match="must be one of"):
        query_of([HttpClosedShade.BLUE, "grey"], rt.List(rt.Enum(HttpClosedShade)))


def test_undefined_values_follow_the_tables_undefined_column() -> None:
    nullable = rt.Nullable(rt.List(rt.Str()))
    assert query_of(None, nullable) == "color="
    assert query_of([], nullable) == "color="
    assert query_of([], nullable, style="deepObject") == ""
    assert path_of(None, nullable, style="matrix") == ";color"
    assert path_of(None, nullable, style="label") == "."
    assert path_of([], nullable) == ""


def test_unset_parameters_are_left_out_and_the_rest_keep_their_order() -> None:
    params = (
        oh.Param("a", "query", rt.Str()),
        oh.Param("b", "query", rt.Int()),
        oh.Param("c", "query", rt.Str()),
        oh.Param("X-Trace", "header", rt.Str()),
        oh.Param("session", "cookie", rt.Str()),
    )
    recorder = sent(*params, values=("1", rt.UNSET, "3", rt.UNSET, rt.UNSET))
    assert recorder.last.url.query == b"a=1&c=3"
    assert "x-trace" not in recorder.last.headers
    assert "cookie" not in recorder.last.headers


def test_values_are_percent_encoded_but_the_delimiters_are_not() -> None:
    value = ["a b", "c,d", "e&f=g", "h+i", "é/?#"]
    assert query_of(value, rt.List(rt.Str()), explode=False) == (
        "color=a%20b,c%2Cd,e%26f%3Dg,h%2Bi,%C3%A9%2F%3F%23"
    )


def test_path_values_are_percent_encoded_slashes_included() -> None:
    assert path_of("SUMMER25%OFF/x y?", rt.Str()) == "SUMMER25%25OFF%2Fx%20y%3F"


def test_allow_reserved_keeps_reserved_characters_and_percent_triples() -> None:
    value = "a/b?c:d@e!$'()*+,;=%41%zz#"
    assert query_of(value, rt.Str(), allow_reserved=True) == (
        "color=a/b?c:d@e!$'()*+,;=%41%25zz%23"
    )
    assert path_of("x/y", rt.Str(), allow_reserved=True) == "x/y"


class HttpSize(str, rt.OpenEnum):
    SMALL = "small"
    LARGE = "large"


def test_scalars_are_written_as_json_writes_them() -> None:
    params = (
        oh.Param("flag", "query", rt.Bool()),
        oh.Param("off", "query", rt.Bool()),
        oh.Param("count", "query", rt.Int()),
        oh.Param("ratio", "query", rt.Float()),
        oh.Param("size", "query", rt.Enum(HttpSize)),
        oh.Param("sizes", "query", rt.List(rt.Enum(HttpSize)), explode=False),
    )
    values = (True, False, 7, 0.5, HttpSize.LARGE, ["small", HttpSize.LARGE])
    recorder = sent(*params, values=values)
    assert recorder.last.url.query == (
        b"flag=true&off=false&count=7&ratio=0.5&size=large&sizes=small,large"
    )


def test_header_parameters_are_simple_and_not_percent_encoded() -> None:
    params = (
        oh.Param("X-One", "header", rt.Str()),
        oh.Param("X-List", "header", rt.List(rt.Str())),
        oh.Param("X-Object", "header", rt.Nested("HttpColor"), explode=True),
        oh.Param("X-Text", "header", rt.Str()),
    )
    recorder = sent(*params, values=("a b/c", ["x", "y"], OBJECT[0], "naïve"))
    headers = recorder.last.headers
    assert headers["x-one"] == "a b/c"
    assert headers["x-list"] == "x,y"
    assert headers["x-object"] == "R=100,G=200,B=150"
    assert headers["x-text"] == "na%C3%AFve"  # outside ASCII: percent-encoded


def test_cookie_parameters_are_form_pairs_in_one_cookie_header() -> None:
    params = (
        oh.Param("session", "cookie", rt.Str()),
        oh.Param("ids", "cookie", rt.List(rt.Str())),
        oh.Param("flat", "cookie", rt.List(rt.Str()), explode=False),
        oh.Param("raw", "cookie", rt.Str(), style="cookie"),
    )
    recorder = sent(*params, values=("a b", ["1", "2"], ["3", "4"], "x%20y"))
    assert recorder.last.headers["cookie"] == ("session=a%20b; ids=1; ids=2; flat=3,4; raw=x%20y")


def test_content_parameters_are_written_as_their_media_type() -> None:
    pet = rt.Nested("HttpPet")
    params = (
        oh.Param("filter", "query", pet, content_type="application/json"),
        oh.Param("X-Filter", "header", pet, content_type="application/json"),
    )
    recorder = sent(*params, values=({"name": "Rex", "age": 3}, {"name": "Ré"}))
    assert recorder.last.url.query == b"filter=%7B%22name%22%3A%22Rex%22%2C%22age%22%3A3%7D"
    assert recorder.last.headers["x-filter"] == '{"name":"R%C3%A9"}'


def test_wire_data_for_a_model_parameter_is_validated_before_sending() -> None:
    recorder = Recorder()
    operation = get(params=(oh.Param("color", "query", rt.Nested("HttpColor")),))
    with pytest.raises(rt.ValidationError, match="G"):
        client(recorder).call(operation, ({"R": 1, "G": "green", "B": 3},))
    assert recorder.requests == []


def test_the_3_2_querystring_parameter_is_the_whole_query() -> None:
    param = oh.Param(
        "q", "querystring", rt.Nested("HttpPet"), content_type="application/x-www-form-urlencoded"
    )
    recorder = sent(param, values=({"name": "Rex Jr", "tags": ["a", "b"]},))
    assert recorder.last.url.query == b"name=Rex%20Jr&tags=a&tags=b"


def test_a_descriptor_that_cannot_work_is_refused_with_its_reason() -> None:
    with pytest.raises(ValueError, match="cannot have style 'matrix'"):
        _ = get(params=(oh.Param("a", "query", rt.Str(), style="matrix"),)).plan
    with pytest.raises(ValueError, match="no path parameter is named 'id'"):
        _ = get("/items/{id}").plan
    with pytest.raises(ValueError, match="no place for id"):
        _ = get("/items", (oh.Param("id", "path", rt.Str()),)).plan


def test_the_number_of_values_must_match_the_parameters() -> None:
    with pytest.raises(TypeError, match="takes 1 parameter values, 2 given"):
        client(Recorder()).call(get(params=(oh.Param("a", "query", rt.Str()),)), ("x", "y"))


def test_a_fragment_in_the_path_template_is_left_out_and_the_query_kept() -> None:
    """Box tells apart operations on one URL by a fragment (`/files/{file_id}#get_shared_link`):
    the request goes to the URL, with its query, not into a fragment that swallows the query."""
    params = (oh.Param("file_id", "path", rt.Str()), oh.Param("fields", "query", rt.Str()))
    recorder = sent(*params, values=("12 3", "shared_link"), path="/files/{file_id}#get_link")
    assert str(recorder.last.url) == f"{BASE}/files/12%203?fields=shared_link"
    recorder = sent(values=(), path="/shared_items#app_items")
    assert str(recorder.last.url) == f"{BASE}/shared_items"


def test_a_name_the_path_template_has_twice_is_written_in_both_places() -> None:
    """Cloudflare's `/accounts/{account_id}/addressing/address_maps/{address_map_id}/accounts/
    {account_id}`: one parameter, two places."""
    params = (oh.Param("account_id", "path", rt.Str()), oh.Param("map", "path", rt.Str()))
    recorder = sent(
        *params, values=("a 1", "m"), path="/accounts/{account_id}/maps/{map}/accounts/{account_id}"
    )
    assert recorder.last.url.raw_path.decode() == "/v1/accounts/a%201/maps/m/accounts/a%201"
