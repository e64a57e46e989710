"""Building the client's part of the IR: operations, their names and groups, parameters, bodies
and replies, security and servers, for small descriptions written here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from support import BuildIr

from openapi_dataclasses import ir
from openapi_dataclasses.building import build_api
from openapi_dataclasses.loading import load_spec

START = """\
openapi: 3.1.0
info: {title: T, version: '1'}
"""


def operations(api: ir.Api) -> dict[str, ir.Operation]:
    """Every operation by `<group attribute>.<method name>`."""
    return {
        f"{group.attribute}.{operation.name}": operation
        for group in api.groups
        for operation in group.operations
    }


def only_operation(api: ir.Api) -> ir.Operation:
    found = list(operations(api).values())
    assert len(found) == 1, list(operations(api))
    return found[0]


def parameters(operation: ir.Operation) -> list[tuple[str, str, str]]:
    return [(item.name, item.wire_name, item.location) for item in operation.parameters]


# -- names and groups ----------------------------------------------------------------------------


def test_methods_are_named_after_the_operation_id_or_method_and_path(build_ir: BuildIr) -> None:
    api = build_ir(
        START
        + """
paths:
  /pets/{petId}:
    get: {operationId: getPetById, responses: {'200': {description: OK}}}
    delete: {responses: {'204': {description: gone}}}
  /pets:
    post: {operationId: import, responses: {'201': {description: made}}}
    put: {operationId: get-pet-by-id, responses: {'200': {description: OK}}}
"""
    )

    found = operations(api)
    assert list(found) == [
        "default.get_pet_by_id",
        "default.delete_pets_pet_id",
        "default.get_pet_by_id_2",  # a path item's operations go in OpenAPI's order of methods
        "default.import_",
    ]
    assert [op.constant for op in found.values()] == [
        "GET_PET_BY_ID",
        "DELETE_PETS_PET_ID",
        "GET_PET_BY_ID_2",
        "IMPORT_",
    ]
    assert found["default.delete_pets_pet_id"].label == "DELETE /pets/{petId}"
    assert found["default.get_pet_by_id"].label == "getPetById"


def test_operations_are_grouped_by_their_first_tag(build_ir: BuildIr) -> None:
    api = build_ir(
        START
        + """
tags:
  - {name: Customer sessions, description: Sessions of customers.}
paths:
  /a:
    get: {operationId: a, tags: [Customer sessions, other], responses: {'200': {description: OK}}}
  /b:
    get: {operationId: b, tags: [close], responses: {'200': {description: OK}}}
  /c:
    get: {operationId: c, responses: {'200': {description: OK}}}
    put: {operationId: a, tags: [close], responses: {'200': {description: OK}}}
"""
    )

    groups = {group.tag: group for group in api.groups}
    assert [group.class_name for group in api.groups] == [
        "CloseApi",
        "CustomerSessionsApi",
        "DefaultApi",
    ]
    sessions = groups["Customer sessions"]
    assert (sessions.attribute, sessions.module, sessions.page) == (
        "customer_sessions",
        "customer_sessions",
        "CustomerSessionsApi",
    )
    assert sessions.async_class_name == "AsyncCustomerSessionsApi"
    assert sessions.description == "Sessions of customers."
    # A Client attribute never hides the engine's own (`client.close()`)...
    assert groups["close"].attribute == "close_"
    # ... and method names are unique per group, not across groups.
    assert [op.name for op in groups["close"].operations] == ["b", "a"]
    assert [op.name for op in sessions.operations] == ["a"]


def test_group_classes_and_pages_stay_clear_of_the_models(build_ir: BuildIr) -> None:
    api = build_ir(
        START
        + """
paths:
  /pets:
    get: {operationId: list, tags: [pets], responses: {'200': {description: OK}}}
components:
  schemas:
    PetsApi: {type: object, properties: {name: {type: string}}}
    AsyncPetsApi2: {type: object, properties: {name: {type: string}}}
"""
    )

    assert [group.class_name for group in api.groups] == ["PetsApi3"]


def test_client_modules_are_reserved_only_where_there_are_operations(build_ir: BuildIr) -> None:
    schemas = """
components:
  schemas:
    Client: {type: object, properties: {name: {type: string}}}
    Api: {type: object, properties: {name: {type: string}}}
"""
    with_operations = build_ir(
        START + "paths:\n  /c:\n    get: {responses: {'200': {description: OK}}}\n" + schemas
    )
    models_only = build_ir(START + "paths: {}\n" + schemas)

    assert sorted(model.module for model in with_operations.models) == ["api_2", "client_2"]
    assert sorted(model.module for model in models_only.models) == ["api", "client"]
    assert models_only.groups == ()


def test_webhooks_callbacks_and_path_item_components_are_not_client_calls(
    build_ir: BuildIr,
) -> None:
    api = build_ir(
        START
        + """
paths:
  /subscribe:
    post:
      operationId: subscribe
      responses: {'201': {description: made}}
      callbacks:
        onEvent:
          '{$request.body#/url}':
            post:
              operationId: eventCallback
              requestBody: {content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
              responses: {'200': {description: OK}}
webhooks:
  newPet:
    post:
      operationId: newPetHook
      requestBody: {content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
      responses: {'200': {description: OK}}
components:
  pathItems:
    Shared:
      get: {operationId: sharedGet, responses: {'200': {description: OK}}}
"""
    )

    assert list(operations(api)) == ["default.subscribe"]
    # Their inline schemas are still the package's models, named as before.
    assert {"EventCallbackRequest", "NewPetHookRequest"} <= {model.name for model in api.models}


def test_additional_operations_and_referenced_path_items_are_calls(build_ir: BuildIr) -> None:
    api = build_ir(
        """\
openapi: 3.2.0
info: {title: T, version: '1'}
paths:
  /files/{name}:
    $ref: '#/components/pathItems/File'
components:
  pathItems:
    File:
      parameters:
        - {name: name, in: path, required: true, schema: {type: string}}
      get: {operationId: getFile, responses: {'200': {description: OK}}}
      additionalOperations:
        COPY: {operationId: copyFile, responses: {'201': {description: copied}}}
"""
    )

    found = operations(api)
    assert [(op.method, op.path) for op in found.values()] == [
        ("GET", "/files/{name}"),
        ("COPY", "/files/{name}"),
    ]
    assert parameters(found["default.copy_file"]) == [("name", "name", "path")]


# -- parameters ----------------------------------------------------------------------------------


def test_parameters_get_python_names_that_hide_nothing(build_ir: BuildIr) -> None:
    api = build_ir(
        START
        + """
paths:
  /items/{item-id}/{class}:
    parameters:
      - {name: X-Trace, in: header, schema: {type: string}}
      - {name: limit, in: query, schema: {type: integer}, description: shared}
    get:
      parameters:
        - {name: class, in: path, required: true, schema: {type: string}}
        - {name: item-id, in: path, required: true, schema: {type: integer}}
        - {name: limit, in: query, required: true, schema: {type: integer}, description: own}
        - {name: body, in: query, schema: {type: string}}
        - {name: timeout, in: query, schema: {type: number}}
        - {name: list, in: query, schema: {type: string}}
        - {name: itemId, in: query, schema: {type: string}}
        - {name: Accept, in: header, schema: {type: string}}
        - {name: session, in: cookie, schema: {type: string}}
      responses: {'200': {description: OK}}
"""
    )

    operation = only_operation(api)
    assert parameters(operation) == [
        ("item_id", "item-id", "path"),  # path parameters in the path's order
        ("class_", "class", "path"),
        ("x_trace", "X-Trace", "header"),
        ("limit", "limit", "query"),
        ("body_", "body", "query"),
        ("timeout_", "timeout", "query"),
        ("list_", "list", "query"),
        ("item_id_2", "itemId", "query"),
        ("session", "session", "cookie"),
    ]
    limit = next(item for item in operation.parameters if item.name == "limit")
    assert (limit.required, limit.description) == (True, "own")  # the operation's replaces
    assert all(item.required for item in operation.parameters if item.location == "path")


def test_parameter_serialisation_is_carried(build_ir: BuildIr) -> None:
    api = build_ir(
        START
        + """
paths:
  /search/{ids}:
    get:
      parameters:
        - {name: ids, in: path, required: true, style: matrix, explode: true,
           schema: {type: array, items: {type: integer}}}
        - {name: filter, in: query, style: deepObject, explode: true,
           schema: {type: object, additionalProperties: {type: string}}}
        - {name: q, in: query, allowReserved: true, schema: {type: string}, example: a/b}
        - name: where
          in: query
          content: {application/json: {schema: {type: object, properties: {x: {type: integer}}}}}
      responses: {'200': {description: OK}}
"""
    )

    ids, filter_, q, where = only_operation(api).parameters
    assert (ids.style, ids.explode, ids.type) == (
        "matrix",
        True,
        ir.ArrayOf(ir.Scalar("int", "Int")),
    )
    assert (filter_.style, filter_.explode) == ("deepObject", True)
    assert (q.allow_reserved, q.example, q.has_example) == (True, "a/b", True)
    assert where.content_type == "application/json"
    assert isinstance(where.type, ir.ModelRef)


def test_a_path_name_without_a_parameter_is_a_string_argument(build_ir: BuildIr) -> None:
    api = build_ir(
        START + "paths:\n  /orgs/{org}/repos:\n    get: {responses: {'200': {description: OK}}}\n"
    )

    (org,) = only_operation(api).parameters
    assert (org.name, org.location, org.required, org.type) == (
        "org",
        "path",
        True,
        ir.Scalar("str", "Str"),
    )


# -- bodies and replies --------------------------------------------------------------------------


def test_bodies_are_typed_by_media_type(build_ir: BuildIr) -> None:
    api = build_ir(
        START
        + """
paths:
  /upload:
    post:
      operationId: upload
      requestBody:
        required: true
        description: The file and its name.
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                name: {type: string}
                file: {type: string, format: binary}
                picture: {type: string, contentMediaType: image/png}
                notes: {type: string, contentMediaType: text/plain}
                encoded: {type: string, contentMediaType: image/png, contentEncoding: base64}
            encoding:
              file: {contentType: image/png}
          application/octet-stream: {schema: {type: string, format: binary}}
          text/plain: {schema: {type: string}}
          application/x-www-form-urlencoded:
            schema: {$ref: '#/components/schemas/Form'}
            encoding:
              tags: {style: pipeDelimited, explode: false}
      responses: {'204': {description: done}}
components:
  schemas:
    Form: {type: object, properties: {tags: {type: array, items: {type: string}}}}
"""
    )

    body = only_operation(api).body
    assert body is not None
    assert (body.required, body.description) == (True, "The file and its name.")
    assert [(media.content_type, media.kind) for media in body.media] == [
        ("multipart/form-data", "multipart"),
        ("application/octet-stream", "binary"),
        ("text/plain", "text"),
        ("application/x-www-form-urlencoded", "form"),
    ]
    multipart, octets, text, form = body.media
    assert multipart.encoding == (ir.PartEncoding("file", content_type="image/png"),)
    assert form.encoding == (ir.PartEncoding("tags", style="pipeDelimited", explode=False),)
    assert (octets.type, text.type) == (None, None)
    assert form.type == ir.ModelRef("Form", "form")
    # Raw bytes are files; text, and text that encodes bytes, stays a str.
    assert isinstance(multipart.type, ir.ModelRef)
    upload = next(model for model in api.models if model.name == multipart.type.name)
    types = {prop.wire_name: prop.type for prop in upload.properties}
    assert types["file"] == ir.Scalar("rt.File", "Binary", "binary")
    assert types["picture"] == ir.Scalar("rt.File", "Binary")
    assert types["notes"] == ir.Scalar("str", "Str")
    assert types["encoded"] == ir.Scalar("str", "Str")


def test_replies_say_which_are_errors_and_which_stream(build_ir: BuildIr) -> None:
    api = build_ir(
        """\
openapi: 3.2.0
info: {title: T, version: '1'}
paths:
  /events:
    get:
      operationId: events
      responses:
        '200':
          description: the events
          headers:
            X-Rate-Limit: {description: calls left, schema: {type: integer}}
          content:
            text/event-stream: {itemSchema: {type: object, properties: {data: {type: string}}}}
            application/jsonl: {schema: {type: object, properties: {id: {type: integer}}}}
            application/problem+json: {schema: {type: object, properties: {id: {type: integer}}}}
            image/*: {schema: {type: string, format: binary}}
        4XX: {description: client error, content: {text/plain: {schema: {type: string}}}}
        default: {description: other, content: {application/json: {schema: {}}}}
  /other:
    get:
      operationId: other
      responses:
        default: {description: anything, content: {'*/*': {schema: {type: object}}}}
"""
    )

    found = operations(api)
    ok, client_error, default = found["default.events"].responses
    assert [(media.kind, media.stream, media.sse_events) for media in ok.media] == [
        ("json", "sse", True),
        ("json", "jsonl", False),
        ("json", None, False),
        ("binary", None, False),
    ]
    assert ok.headers == (ir.ResponseHeader("X-Rate-Limit", "calls left"),)
    assert (ok.error, client_error.error, default.error) == (False, True, True)
    assert default.media[0].type == ir.AnyJson()
    # A `default` beside no success is what the operation answers: no error.
    (only,) = found["default.other"].responses
    assert (only.error, only.media[0].kind) == (False, "json")


# -- security and servers ------------------------------------------------------------------------


SECURED = (
    START
    + """
servers:
  - url: 'https://{region}.example.com/{version}'
    variables:
      region: {default: eu, enum: [eu, us]}
      version: {default: v2}
  - url: /relative
security:
  - api_key: []
  - bearer: []
paths:
  /default: {get: {operationId: inherits, responses: {'200': {description: OK}}}}
  /own: {get: {operationId: own, security: [{basic: [], api_key: []}, {}], responses: {'200': {description: OK}}}}
  /none: {get: {operationId: none, security: [], responses: {'200': {description: OK}}}}
  /tls: {get: {operationId: tls, security: [{mtls: []}, {nowhere: []}], responses: {'200': {description: OK}}}}
components:
  securitySchemes:
    api_key: {type: apiKey, in: query, name: key, description: The key.}
    bearer: {type: http, scheme: Bearer}
    basic: {type: http, scheme: basic}
    base_url: {type: http, scheme: digest}
    oauth:
      type: oauth2
      flows:
        clientCredentials: {tokenUrl: 'https://auth.example.com/token', scopes: {read: Read, write: Write}}
    oidc: {type: openIdConnect, openIdConnectUrl: 'https://example.com/.well-known/openid-configuration'}
    mtls: {type: mutualTLS}
"""
)


def test_security_requirements_are_resolved_per_operation(
    write_spec: Callable[..., Path],
) -> None:
    result = build_api(load_spec(write_spec(SECURED)), "pkg")

    found = {op.name: op.security for op in operations(result.api).values()}
    assert found == {
        "inherits": (("api_key",), ("bearer",)),
        "own": (("basic", "api_key"), ()),
        "none": (),
        "tls": ((),),  # mutual TLS is the HTTP client's business: nothing more is needed
    }
    assert [diagnostic.describe() for diagnostic in result.diagnostics] == [
        "spec.yaml:17:57 at #/paths/~1tls/get/security/1: no security scheme 'nowhere' is "
        "defined: the client leaves this alternative out"
    ]


def test_each_security_scheme_is_a_client_keyword(build_ir: BuildIr) -> None:
    schemes = {scheme.name: scheme for scheme in build_ir(SECURED).security_schemes}

    assert list(schemes) == ["api_key", "bearer", "basic", "base_url", "oauth", "oidc"]
    assert [scheme.kind for scheme in schemes.values()] == [
        "api_key",
        "bearer",
        "basic",
        "http",
        "oauth2",
        "open_id_connect",
    ]
    assert (schemes["api_key"].parameter, schemes["api_key"].location) == ("key", "query")
    assert schemes["base_url"].keyword == "base_url_"  # the client's own keyword stays free
    assert (schemes["oauth"].token_url, schemes["oauth"].scopes) == (
        "https://auth.example.com/token",
        ("read", "write"),
    )


def test_security_schemes_a_ref_to_another_file_gives_are_keywords(
    write_spec: Callable[..., Path],
) -> None:
    """SendGrid's `components.securitySchemes` is a `$ref` to a file of its own."""
    write_spec("Authorization: {type: apiKey, in: header, name: Authorization}\n", "schemes.yaml")
    path = write_spec(
        START
        + "security: [{Authorization: []}]\n"
        + "paths:\n  /a:\n    get: {responses: {'200': {description: OK}}}\n"
        + "components:\n  securitySchemes: {$ref: './schemes.yaml'}\n"
    )
    api = build_api(load_spec(path), "pkg").api

    assert [(s.name, s.keyword, s.kind, s.parameter) for s in api.security_schemes] == [
        ("Authorization", "authorization", "api_key", "Authorization")
    ]
    assert operations(api)["default.get_a"].security == (("Authorization",),)


def test_a_content_map_that_is_a_ref_gives_its_media_types(
    write_spec: Callable[..., Path],
) -> None:
    """Lob's responses give `content: {$ref: responses/balance.yml}`, a file holding the map."""
    write_spec(
        "application/json:\n  schema: {$ref: '../spec.yaml#/components/schemas/Balance'}\n",
        "responses/balance.yml",
    )
    path = write_spec(
        START
        + "paths:\n  /balance:\n    post:\n"
        + "      requestBody: {content: {$ref: 'responses/balance.yml'}}\n"
        + "      responses:\n        '200':\n          description: OK\n"
        + "          content: {$ref: 'responses/balance.yml'}\n"
        + "components:\n  schemas:\n"
        + "    Balance: {type: object, properties: {amount: {type: number}}}\n"
    )
    operation = operations(build_api(load_spec(path), "pkg").api)["default.post_balance"]

    [media] = operation.responses[0].media
    assert (media.content_type, media.kind, media.type) == (
        "application/json",
        "json",
        ir.ModelRef("Balance", "balance"),
    )
    assert operation.body is not None
    assert [item.content_type for item in operation.body.media] == ["application/json"]
    assert operation.body.media[0].type == ir.ModelRef("Balance", "balance")


def test_servers_have_their_variables_filled_in(build_ir: BuildIr) -> None:
    api = build_ir(SECURED)

    assert [(server.url, server.resolved) for server in api.servers] == [
        ("https://{region}.example.com/{version}", "https://eu.example.com/v2"),
        ("/relative", "/relative"),
    ]
    assert api.servers[0].variables[0] == ir.ServerVariable("region", "eu", ("eu", "us"))
    assert api.base_url == "https://eu.example.com/v2"


def test_a_relative_or_missing_server_gives_no_base_url(build_ir: BuildIr) -> None:
    relative = build_ir(
        START
        + "servers: [{url: /api/v3}]\n"
        + "paths:\n  /a:\n    get: {responses: {'200': {description: OK}}}\n"
    )
    missing = build_ir(START + "paths:\n  /a:\n    get: {responses: {'200': {description: OK}}}\n")

    assert (relative.base_url, missing.base_url) == (None, None)
    sample = only_operation(relative).sample
    assert sample is not None
    assert sample.client == ir.PyCall(
        "Client", (), (("base_url", ir.PyLiteral("https://api.example.com/api/v3")),)
    )


# -- code samples ----------------------------------------------------------------------------------


def test_the_sample_calls_with_required_arguments_and_examples(build_ir: BuildIr) -> None:
    api = build_ir(
        SECURED.replace(
            "/none: {get:",
            "/pets/{petId}: {put: {operationId: put, parameters: ["
            "{name: petId, in: path, required: true, schema: {type: integer}},"
            "{name: dry, in: query, schema: {type: boolean}},"
            "{name: tag, in: query, schema: {type: string, examples: [cats]}}],"
            "requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}},"
            "responses: {'200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}}}}\n"
            "  /none: {get:",
        )
        + """
  schemas:
    Pet:
      type: object
      required: [name]
      properties: {name: {type: string}, age: {type: integer}}
      examples: [{name: Rex, age: 3}]
"""
    )

    sample = operations(api)["default.put"].sample
    assert sample == ir.CallSample(
        imports=("pkg:Pet",),
        client=ir.PyCall("Client", (), (("api_key", ir.PyLiteral("YOUR_API_KEY")),)),
        call=ir.PyCall(
            "client.default.put",
            (ir.PyLiteral(0),),
            (
                (
                    "body",
                    ir.PyCall("Pet", (), (("name", ir.PyLiteral("Rex")), ("age", ir.PyLiteral(3)))),
                ),
                ("tag", ir.PyLiteral("cats")),
            ),
        ),
        result="value",
    )
    assert operations(api)["default.none"].sample.result == "none"  # type: ignore[union-attr]
