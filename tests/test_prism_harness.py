"""The Prism harness (`tests/prism_harness.py`) on descriptions written here, against Prism.

A description that uses every kind of parameter, body and security scheme passes whole; a
request that Prism finds breaking the description, and an answer the client cannot decode,
fail with their reason; an example answer that breaks its own schema is served again
dynamically and says so; Prism is stopped on Ctrl-C and SIGTERM. `violations` reads the
`sl-violations` header Prism writes, also when it is cut short.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import prism_harness
import prism_served
import pytest
from prism_server import PRISM, TOO_MANY, Prism, PrismError, problem_violations, violations

ROOT = Path(__file__).resolve().parent.parent


def prism_required() -> None:
    """Skip when `make tools` has not installed Prism; fail instead under CI=true."""
    if PRISM.exists():
        return
    reason = f"{PRISM} is absent: `make tools` installs Prism (tools/package.json)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI=true requires it")
    pytest.skip(reason)


def write(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# Every parameter style and place, the body kinds, every kind of security scheme, and replies of
# JSON, text, bytes and none.
EVERYTHING = """\
    openapi: 3.0.3
    info: {title: Everything, version: '1'}
    servers: [{url: 'https://api.example.com/v2'}]
    security: [{key_header: []}]
    paths:
      /pets/{petId}/{label}/{matrix}:
        get:
          operationId: getPet
          tags: [pets]
          parameters:
            - {name: petId, in: path, required: true, schema: {type: integer, minimum: 1}}
            - {name: label, in: path, required: true, style: label,
               schema: {type: array, items: {type: string, pattern: '^[a-z]+$'}}}
            - {name: matrix, in: path, required: true, style: matrix, explode: true,
               schema: {type: object, required: [x], properties: {x: {type: integer}}}}
            - {name: tags, in: query, required: true, schema: {type: array, minItems: 2,
               items: {type: string, enum: [cat, dog, bird]}}}
            - {name: ids, in: query, explode: false, schema: {type: array, items: {type: integer}}}
            - {name: spaced, in: query, style: spaceDelimited, explode: false,
               schema: {type: array, items: {type: string}}, example: [a, b]}
            - {name: piped, in: query, style: pipeDelimited, explode: false,
               schema: {type: array, items: {type: number}}}
            - {name: filter, in: query, style: deepObject, explode: true,
               schema: {type: object, properties: {size: {type: string}, age: {type: integer}}},
               example: {size: big, age: 3}}
            - {name: since, in: query, schema: {type: string, format: date-time}}
            - {name: X-Request-Id, in: header, required: true, schema: {type: string, format: uuid}}
            - {name: session, in: cookie, schema: {type: string, minLength: 4}}
            - {name: ssl, in: query, schema: {enum: [0, 1]}}
            - {name: retry, in: query, schema: {enum: [true]}}
          responses:
            '200':
              description: the pet
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Pet'}
            '404':
              description: no such pet
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Problem'}
      /pets:
        post:
          operationId: createPet
          tags: [pets]
          security: [{bearer: []}]
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/Litter'}
          responses:
            '201':
              description: created
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Pet'}
      /pets/{petId}/photo:
        put:
          operationId: uploadPhoto
          tags: [photos]
          security: [{basic: []}]
          parameters:
            - {name: petId, in: path, required: true, schema: {type: string}}
          requestBody:
            required: true
            content:
              multipart/form-data:
                schema:
                  type: object
                  required: [file, caption]
                  properties:
                    file: {type: string, format: binary}
                    caption: {type: string, maxLength: 20}
          responses:
            '204': {description: stored}
      /pets/{petId}/raw:
        put:
          operationId: putRaw
          tags: [photos]
          security: [{key_query: []}]
          parameters:
            - {name: petId, in: path, required: true, schema: {type: string}}
          requestBody:
            content:
              application/octet-stream:
                schema: {type: string, format: binary}
          responses:
            '200':
              description: the bytes back
              content:
                application/octet-stream:
                  schema: {type: string, format: binary}
      /search:
        post:
          operationId: search
          security: [{key_cookie: []}, {oauth: [read]}]
          requestBody:
            required: true
            content:
              application/x-www-form-urlencoded:
                schema:
                  type: object
                  required: [q, grant_type, tags]
                  properties:
                    q: {type: string, minLength: 1}
                    limit: {type: integer, maximum: 50}
                    tags: {type: array, minItems: 1, items: {type: string}}
          responses:
            '200':
              description: matches, as text
              content:
                text/plain:
                  schema: {type: string}
      /broken:
        get:
          operationId: getBroken
          security: []
          responses:
            '200':
              description: an example that breaks its own schema
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Pet'}
                  example: {id: not-a-number, name: Rex}
    components:
      securitySchemes:
        key_header: {type: apiKey, in: header, name: X-Api-Key}
        key_query: {type: apiKey, in: query, name: api_key}
        key_cookie: {type: apiKey, in: cookie, name: token}
        bearer: {type: http, scheme: bearer}
        basic: {type: http, scheme: basic}
        oauth:
          type: oauth2
          flows:
            clientCredentials: {tokenUrl: 'https://api.example.com/token', scopes: {read: r}}
      schemas:
        Pet:
          type: object
          required: [id, name]
          properties:
            id: {type: integer, format: int64, readOnly: true}
            name: {type: string, maxLength: 10}
            kind: {type: string, enum: [cat, dog]}
            born: {type: string, format: date}
            owner: {$ref: '#/components/schemas/Owner'}
        Litter:
          type: object
          required: [pets]
          properties:
            pets: {type: array, items: {allOf: [{$ref: '#/components/schemas/Pet'}]}}
        Owner:
          type: object
          required: [email]
          properties:
            email: {type: string, format: email}
        Problem:
          type: object
          properties:
            detail: {type: string}
"""


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> prism_harness.Report:
    prism_required()
    folder = tmp_path_factory.mktemp("everything")
    return prism_harness.run_description(write(folder, EVERYTHING), name="spec", async_every=1)


def test_every_operation_of_a_description_passes(everything: prism_harness.Report) -> None:
    assert everything.error == ""
    assert [outcome.failure for outcome in everything.failed] == []
    assert everything.counts() == (6, 6, 0, 0, 0)
    # every operation once through the sync client and once through the async one
    assert sorted((o.label, o.asynchronous) for o in everything.outcomes) == sorted(
        (label, mode)
        for label in ("getPet", "createPet", "uploadPhoto", "putRaw", "search", "getBroken")
        for mode in (False, True)
    )


def test_prism_is_given_what_it_cannot_read_otherwise_spelled_out(
    everything: prism_harness.Report,
) -> None:
    assert everything.served == [
        "search: encoding style form for tags; properties grant_type: {}",
        "required properties listed with {}: 1",
        "parameter enums given their values' type: retry, ssl",
    ]


def test_without_them_prism_refuses_requests_that_are_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why the harness spells them out: Prism 5.14.2 given the description as written."""
    prism_required()
    monkeypatch.setattr(prism_served, "served", lambda spec, path, folder: (path, []))
    report = prism_harness.run_description(
        write(tmp_path, EVERYTHING), only=["getPet", "search"], async_every=0
    )
    refused = {outcome.label: outcome.failure for outcome in report.failed}
    assert sorted(refused) == ["getPet", "search"]
    assert (
        "request.query.ssl: Request query parameter ssl must be equal to one of the allowed values: 0, 1"
        in refused["getPet"]
    )
    assert (
        "request.body: Request body must have required property 'grant_type'" in (refused["search"])
    )  # though the body sent has it: Prism keeps only the properties the schema lists
    assert "request.body.tags: Request body property tags must be array" in refused["search"]


def test_an_example_answer_that_breaks_its_schema_is_served_dynamically(
    everything: prism_harness.Report,
) -> None:
    dynamic = {outcome.label: outcome.dynamic for outcome in everything.dynamic}
    assert set(dynamic) == {"getBroken"}
    assert "id" in dynamic["getBroken"]
    assert "dynamic answer, seed" in dynamic["getBroken"]
    table = prism_harness.table([everything])
    assert "| spec | 6 | 6 | 0 | 0 | 0 | 1 | 6 |" in table
    assert "- getBroken: " in table


SERVED = """\
    openapi: 3.0.3
    info: {title: Served, version: '1'}
    paths:
      /items:
        get:
          operationId: listItems
          parameters:
            - {name: q, in: query, required: true, schema: {type: string, maxLength: 2}}
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: {type: array, items: {type: integer}}
                  example: [1, 2]
      /count:
        get:
          operationId: count
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: {type: string}
                  example: many
"""

# What the client is generated from: the same operations, but `q` without its bound and `count`
# answering an integer.
CLIENT = (
    SERVED.replace(", maxLength: 2}", ", example: longer}")
    .replace("schema: {type: string}", "schema: {type: integer}")
    .replace("example: many", "example: 3")
)


def test_a_request_prism_rejects_fails_and_a_wrong_answer_is_not_served(tmp_path: Path) -> None:
    prism_required()
    report = prism_harness.run_description(
        write(tmp_path, CLIENT),
        name="spec",
        served=write(tmp_path, SERVED, "served.yaml"),
        async_every=0,
    )
    [failed] = report.failed
    assert (failed.label, failed.failure[:43]) == (
        "listItems",
        "Prism: the request breaks the description: ",
    )
    assert "request.query.q" in failed.failure
    assert "sent GET '/items?q=longer'" in failed.failure
    # Prism answers `count` with strings, which the client's description rules out: the client
    # refuses each (as it should), and no answer is left to prove it decodes a right one.
    [unserved] = report.unserved
    assert unserved.label == "count"
    assert unserved.unserved.startswith(
        "no answer of Prism's fits the description (11 asked for: the client refused 11, decoded 0)"
    )
    assert report.counts() == (2, 0, 1, 1, 0)
    assert "| spec | 2 | 0 | 1 | 1 | 0 |" in prism_harness.table([report])


def test_a_client_that_cannot_decode_a_right_answer_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The generated client broken on purpose (its `listItems` reads booleans): the answer
    fits the description, and the client's refusal is the failure."""
    prism_required()
    original = prism_harness.write_output

    def broken(out: Path, files: dict[str, str], package: str) -> object:
        module = f"{package}/api/default.py"
        files = {**files, module: files[module].replace("rt.List(rt.Int())", "rt.List(rt.Bool())")}
        return original(out, files, package)

    monkeypatch.setattr(prism_harness, "write_output", broken)
    report = prism_harness.run_description(
        write(tmp_path, SERVED), name="spec", only=["listItems"], async_every=0
    )
    [failed] = report.failed
    assert failed.failure.startswith("ResponseDecodeError on an answer the description accepts: ")
    assert "[0]: must be true or false" in failed.failure or "bool" in failed.failure


def test_a_required_argument_the_maker_cannot_fit_fails_with_the_reason(tmp_path: Path) -> None:
    """Any string but 'string' fits; the value maker makes 'string', and proves nothing
    wrong with the schema: its gap, a failure ("no arguments"), not the description's."""
    prism_required()
    spec = write(
        tmp_path,
        """\
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths:
          /x:
            get:
              operationId: unmade
              parameters:
                - {name: n, in: query, required: true,
                   schema: {type: string, not: {const: string}}}
              responses: {'204': {description: none}}
        """,
    )
    report = prism_harness.run_description(spec, async_every=0)
    [failure] = [outcome.failure for outcome in report.failed]
    assert failure.startswith("no arguments: parameter n: made 'string' for ")
    assert report.counts() == (1, 0, 1, 0, 0)


def test_a_description_that_admits_no_request_says_which_keywords_clash(tmp_path: Path) -> None:
    """A required argument no value fits is its own outcome, with the proof; an optional body
    no value fits is left out, and the call made without it passes."""
    prism_required()
    spec = write(
        tmp_path,
        """\
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths:
          /x:
            get:
              operationId: impossible
              parameters:
                - {name: n, in: query, required: true,
                   schema: {type: string, minLength: 5, maxLength: 2}}
              responses: {'204': {description: none}}
          /y:
            post:
              operationId: optionalBody
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      required: [id]
                      properties: {id: {type: string, format: uuid, maxLength: 24}}
              responses: {'204': {description: none}}
        """,
    )
    report = prism_harness.run_description(spec, name="spec", async_every=0)
    assert report.failed == []
    [impossible] = report.unsatisfiable
    assert impossible.label == "impossible"
    assert impossible.unsatisfiable == (
        "no valid request: parameter n: #/paths/~1x/get/parameters/0/schema: "
        "minLength 5 is more than maxLength 2"
    )
    [body] = [outcome for outcome in report.outcomes if outcome.label == "optionalBody"]
    assert body.passed
    assert body.notes == [
        "optional body left out: no value fits its schema: application/json: "
        "#/paths/~1y/post/requestBody/content/application~1json/schema requires 'id' > "
        "#/paths/~1y/post/requestBody/content/application~1json/schema/properties/id: "
        "format 'uuid' needs at least 36 characters, and maxLength is 24"
    ]
    assert report.counts() == (2, 1, 0, 0, 1)
    table = prism_harness.table([report])
    assert "| spec | 2 | 1 | 0 | 0 | 1 |" in table
    assert "spec: no valid request (the description's keywords clash):" in table
    assert "spec: optional arguments left out:" in table


def test_a_request_prism_crashes_on_is_not_served_and_prism_serves_the_next(tmp_path: Path) -> None:
    prism_required()
    spec = write(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: T, version: '1'}
        paths:
          /a/{label}{matrix}:
            get:
              operationId: adjacent
              parameters:
                - {name: label, in: path, required: true, style: label,
                   schema: {type: string, enum: [x]}}
                - {name: matrix, in: path, required: true, style: matrix,
                   schema: {type: string, enum: [y]}}
              responses: {'204': {description: none}}
          /b:
            get:
              operationId: after
              responses: {'204': {description: none}}
        """,
    )
    report = prism_harness.run_description(spec, name="spec", async_every=0)
    # Prism 5.14.2 throws 'Label serialization style requires parameter to be prefixed with "."'
    # where a label-style and a matrix-style value share a path segment, and its process ends.
    assert [(o.label, o.passed, o.unserved[:40]) for o in report.outcomes] == [
        ("adjacent", False, "Prism crashed on the request (Error: Lab"),
        ("after", True, ""),
    ]
    assert report.counts() == (2, 1, 0, 1, 0)


def test_a_fragment_path_is_one_prism_takes_for_the_other(tmp_path: Path) -> None:
    """Box's `/shared_items#app_items`: the request goes to `/shared_items`, which Prism checks
    and answers as that operation; a 204 that documents a body passes without one, and so does
    an operation that documents only an error (SendGrid's), which the client raises."""
    prism_required()
    spec = write(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: T, version: '1'}
        paths:
          /items:
            get:
              operationId: listItems
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {type: array, items: {type: integer}}
          /items#names:
            get:
              operationId: listNames
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {type: array, items: {type: string, pattern: '^n'}, minItems: 1}
          /certificates/{id}:
            patch:
              operationId: patchCertificate
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                '400':
                  description: no success is documented
                  content:
                    application/json:
                      schema: {type: array, items: {type: object, properties: {message: {type: string}}}}
          /items/{id}:
            delete:
              operationId: deleteItem
              parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
              responses:
                '204':
                  description: gone
                  content:
                    application/json:
                      schema: {type: object, required: [id]}
        """,
    )
    report = prism_harness.run_description(spec, name="spec", async_every=0)
    assert [(o.label, o.passed) for o in report.outcomes] == [
        ("listItems", True),
        ("listNames", False),
        ("patchCertificate", True),
        ("deleteItem", True),
    ]
    [unserved] = report.unserved
    assert unserved.unserved.startswith(
        "Prism takes it for GET /items, whose request and answer it checks (the #fragment that "
        "tells them apart is not sent): "
    )
    assert report.counts() == (4, 3, 0, 1, 0)


MISREAD = """\
    openapi: 3.0.3
    info: {title: T, version: '1'}
    paths:
      /search:
        get:
          operationId: search
          parameters:
            - name: filters
              in: query
              required: true
              schema: {type: array, items: {$ref: '#/components/schemas/Filter'}}
          responses: {'204': {description: none}}
      /files:
        post:
          operationId: upload
          requestBody:
            required: true
            content:
              multipart/form-data:
                schema:
                  type: object
                  required: [file, attributes]
                  properties:
                    file: {type: string, format: binary}
                    attributes: {$ref: '#/components/schemas/Filter'}
          responses: {'204': {description: none}}
      /rules:
        post:
          operationId: addRules
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  type: object
                  required: [rules]
                  properties:
                    rules: {type: array, items: {oneOf: [{$ref: '#/components/schemas/Rule'}]}}
          responses: {'204': {description: none}}
    components:
      schemas:
        Filter:
          type: object
          required: [scope]
          properties: {scope: {type: string}}
        Rule:
          type: object
          required: [id, expression]
          properties:
            id: {$ref: '#/components/schemas/RuleId'}
            expression: {type: string}
        RuleId: {type: string, readOnly: true}
"""


def test_right_requests_prism_misreads_are_ones_it_cannot_serve(tmp_path: Path) -> None:
    """Each is a request OpenAPI allows that Prism 5.14.2 refuses, checked by a rule against
    the description, not by the operation's name."""
    prism_required()
    report = prism_harness.run_description(write(tmp_path, MISREAD), name="spec", async_every=0)
    assert report.failed == []
    reasons = {outcome.label: outcome.unserved for outcome in report.unserved}
    assert sorted(reasons) == ["addRules", "search", "upload"]
    assert reasons["search"].startswith(
        f"Prism misreads the request: {prism_harness.MISREAD_OBJECT_ITEM}"
    )
    assert "sent GET '/search?filters=%7B%22scope%22" in reasons["search"]
    assert reasons["upload"].startswith(
        f"Prism misreads the request: {prism_harness.MISREAD_JSON_PART}"
    )
    assert reasons["addRules"].startswith(
        f"Prism misreads the request: {prism_harness.MISREAD_READ_ONLY}"
    )
    assert """'{"rules":[{"expression":"string"}]}'""" in reasons["addRules"]


# -- Prism's process -------------------------------------------------------------------------------

TINY = """\
    openapi: 3.0.3
    info: {title: Tiny, version: '1'}
    paths:
      /ping:
        get:
          operationId: ping
          responses: {'204': {description: pong}}
"""


def prism_processes(spec: Path) -> list[int]:
    """The processes whose command line names `spec` (Prism's node process serving it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if str(spec).encode() in command and int(entry.name) != os.getpid():
            found.append(int(entry.name))
    return found


# Mandrill's: every answer documented as `*/*` with a JSON object's schema.
ANY_MEDIA = """\
    openapi: 3.0.3
    info: {title: Any, version: '1'}
    paths:
      /status:
        post:
          operationId: status
          requestBody:
            required: true
            content:
              application/json:
                schema: {type: object, required: [key], properties: {key: {type: string}}}
          responses:
            '200':
              description: ok
              content:
                '*/*':
                  schema: {$ref: '#/components/schemas/Status'}
      /word:
        get:
          operationId: word
          responses:
            '200':
              description: ok
              content:
                '*/*':
                  schema: {type: string}
      /tile.pbf:
        get:
          operationId: tile
          responses:
            '200':
              description: any bytes (OpenAQ's tiles)
              content:
                application/x-protobuf: {}
    components:
      schemas:
        Status:
          type: object
          required: [id]
          properties: {id: {type: string}, count: {type: integer}}
          example: {id: abc, count: 2}
"""


def test_an_answer_documented_as_any_media_is_served_as_json_and_decoded(tmp_path: Path) -> None:
    prism_required()
    report = prism_harness.run_description(write(tmp_path, ANY_MEDIA), name="spec", async_every=1)
    assert [outcome.unserved or outcome.failure for outcome in report.outcomes] == [""] * 6
    assert report.counts() == (3, 3, 0, 0, 0)
    # a string's `*/*` Prism answers as text/plain already
    assert report.served == [
        "answers documented as a media range served as application/json: 1",
        "binary answers without a schema given {type: string}: 1",
    ]


def test_prism_cannot_answer_any_media_with_an_object_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why: given `*/*` as written, Prism (asked with the client's `Accept: */*`) labels the
    answer text/plain and cannot serialise the object; it still checked the request first.
    A binary media with neither schema nor example it cannot answer at all."""
    prism_required()
    monkeypatch.setattr(prism_served, "served", lambda spec, path, folder: (path, []))
    report = prism_harness.run_description(
        write(tmp_path, ANY_MEDIA), only=["status"], async_every=0
    )
    [unserved] = report.unserved
    assert "Cannot serialise complex objects as text" in unserved.unserved
    assert report.counts() == (1, 0, 0, 1, 0)
    # and a media without schema or example it has nothing to make a body from
    report = prism_harness.run_description(write(tmp_path, ANY_MEDIA), only=["tile"], async_every=0)
    [unserved] = report.unserved
    assert "Cannot find serializer for application/x-protobuf" in unserved.unserved


def test_an_any_media_answer_is_judged_by_its_schema_when_it_comes_as_json(tmp_path: Path) -> None:
    """Prism is served an integer `id` where the client's description has a string: its
    answers pass Prism's own check, and the harness holds them to the `*/*` media's schema."""
    prism_required()
    served = write(
        tmp_path,
        ANY_MEDIA.replace("id: {type: string}", "id: {type: integer}").replace(
            "example: {id: abc", "example: {id: 5"
        ),
        "served.yaml",
    )
    client = ANY_MEDIA.replace("example: {id: abc", "example: {id: '5'")
    report = prism_harness.run_description(
        write(tmp_path, client), served=served, only=["status"], async_every=0
    )
    [unserved] = report.unserved
    assert unserved.unserved.startswith("no answer of Prism's fits the description")
    assert "id: 5 is not of type 'string' (the client refused it)" in unserved.unserved


def test_prism_stops_when_the_block_ends_even_on_an_error(tmp_path: Path) -> None:
    prism_required()
    spec = write(tmp_path, TINY)
    with pytest.raises(RuntimeError, match="inside"), Prism(spec, log_dir=tmp_path):
        assert prism_processes(spec)
        raise RuntimeError("inside")
    assert prism_processes(spec) == []


def test_prism_that_cannot_start_says_why(tmp_path: Path) -> None:
    prism_required()
    spec = write(tmp_path, "not: [an openapi document\n")
    with pytest.raises(PrismError, match="Prism exited"), Prism(spec, log_dir=tmp_path):
        pass
    assert prism_processes(spec) == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_the_harness_stops_prism_when_it_is_interrupted(tmp_path: Path, signum: int) -> None:
    prism_required()
    spec = write(tmp_path, TINY)
    harness = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "prism_harness.py"), "--spec", str(spec)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not prism_processes(spec) and time.monotonic() < deadline:
            assert harness.poll() is None, harness.stderr.read() if harness.stderr else ""
            time.sleep(0.05)
        assert prism_processes(spec), "Prism never started"
        harness.send_signal(signum)
        harness.wait(60)
    finally:
        if harness.poll() is None:
            harness.kill()
            harness.wait()
    assert prism_processes(spec) == []


def test_violations_reads_prisms_header_also_when_it_is_cut_short() -> None:
    entry = (
        '{"location":["request","query","q"],"severity":"Error","code":"maxLength",'
        '"message":"Request query parameter q must NOT have more than 2 characters"}'
    )
    assert [str(item) for item in violations({"sl-violations": f"[{entry}]"})] == [
        "request.query.q: Request query parameter q must NOT have more than 2 characters"
    ]
    cut = violations({"sl-violations": f"{TOO_MANY}[{entry},{entry[:40]}"})
    assert [item.side for item in cut] == ["request", "response"]
    assert cut[-1].code == "truncated"
    assert violations({}) == []


def test_problem_violations_reads_the_422_prism_makes_up() -> None:
    problem = {
        "title": "Invalid request",
        "status": 422,
        "validation": [
            {"location": ["query", "q"], "severity": "Error", "code": "maxLength", "message": "m"}
        ],
    }
    headers = {"content-type": "application/problem+json"}
    content = json.dumps(problem).encode()
    assert [str(item) for item in problem_violations(422, headers, content)] == [
        "request.query.q: m"
    ]
    assert problem_violations(400, headers, content) == []
    assert problem_violations(422, {"content-type": "application/json"}, content) == []
