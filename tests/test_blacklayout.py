"""`lay_out` breaks long statements exactly as Black would, or leaves them for Black."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openapi_dataclasses.blacklayout import lay_out
from openapi_dataclasses.blackstable import looks_formatted
from openapi_dataclasses.formatting import format_python

WORDS = ["Loyalty", "Card", "Points", "Notification", "Policy", "Item", "Enum", "Ä", "X", "名前"]
type_names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map("".join)
snake_names = st.lists(st.sampled_from(["response", "type", "of", "x", "tiers"]), min_size=1).map(
    "_".join
)
wire_names = st.text(st.sampled_from("abcXYZ_-é€ 名\u0301"), min_size=1, max_size=60).map(
    lambda text: '"' + text + '"'
)
keywords = st.sampled_from(["", ", min_items=1", ", min_items=1, max_items=4", ", unique=True"])


def mapping(entries: int, name: str) -> str:
    """A discriminator's mapping with `entries` entries (a dict display of one or more)."""
    return ", ".join(f'"{key}": "{name}{key}"' for key in "abc"[:entries])


leaf_codecs = st.one_of(
    type_names.map(lambda name: f"rt.Enum({name})"),
    type_names.map(lambda name: f'rt.Nested("{name}")'),
    st.sampled_from(["rt.Str()", 'rt.Str(format="date-time")', "rt.Str(min_length=1)"]),
)
codecs = st.recursive(
    leaf_codecs,
    lambda inner: st.one_of(
        st.tuples(inner, keywords).map(lambda pair: f"rt.List({pair[0]}{pair[1]})"),
        inner.map(lambda codec: f"rt.Nullable({codec})"),
        st.tuples(inner, inner, st.integers(0, 3), type_names).map(
            lambda parts: (
                f"rt.Union({parts[0]}, {parts[1]}"
                + (
                    f', discriminator="kind", mapping={{{mapping(parts[2], parts[3])}}})'
                    if parts[2]
                    else ")"
                )
            )
        ),
    ),
    max_leaves=4,
)
# Names too long for any line (Cloudflare's run past 100 characters), and nested types whose
# annotation needs lines of its own: unions one operand a line, subscripts split after `[`.
long_type_names = st.lists(st.sampled_from(WORDS), min_size=12, max_size=24).map("".join)
type_atoms = st.one_of(type_names, long_type_names, st.sampled_from(["str", "int", "rt.Unset"]))
nested_types = st.recursive(
    type_atoms,
    lambda inner: st.one_of(
        inner.map(lambda name: f"list[{name}]"),
        inner.map(lambda name: f"dict[str, {name}]"),
        st.lists(inner, min_size=2, max_size=5).map(" | ".join),
    ),
    max_leaves=8,
)
annotations = st.one_of(
    st.tuples(
        st.sampled_from(["{}", "list[{}]", "dict[str, {}]", "{} | None"]),
        type_names,
        st.sampled_from(["", " | rt.Unset"]),
    ).map(lambda parts: parts[0].format(parts[1]) + parts[2]),
    st.tuples(
        nested_types, st.sampled_from(["", " | None", " | rt.Unset", " | None | rt.Unset"])
    ).map("".join),
)
defaults = st.sampled_from(["", ", default=rt.UNSET", ', default="x"', ", default_factory=list"])
fields = st.builds(
    lambda name, annotation, wire, codec, default: (
        f"{name}: {annotation} = rt.field({wire}, {codec}{default})"
    ),
    snake_names,
    annotations,
    wire_names,
    codecs,
    defaults,
)
members = st.builds(lambda name, value: f"{name.upper()} = {value}", type_names, wire_names)
# A base model's subtypes by tag: a tuple of the tag's property and a mapping of one or more.
subtypes = st.builds(
    lambda tag, names: (
        f'__subtypes__ = ("{tag}", {{' + ", ".join(f'"{name}": "{name}"' for name in names) + "})"
    ),
    snake_names,
    st.lists(st.one_of(type_names, long_type_names), min_size=1, max_size=4),
)
adapters = st.builds(
    lambda name, codec: f"adapter: rt.Adapter[{name}] = rt.Adapter({codec})", type_names, codecs
)

# A type alias whose target is a quoted union: too long for its line, or even for a line of its own.
aliases = st.builds(
    lambda name, target: f'{name}: TypeAlias = "{target}"',
    type_names,
    st.lists(st.one_of(type_names, long_type_names), min_size=1, max_size=8).map(" | ".join),
)


def in_class(statement: str) -> str:
    return f"class A:\n    {lay_out(statement, 4)}\n"


def black_in_class(statement: str) -> str:
    """What Black writes for the flat statement: the layout must match it exactly, trailing commas
    included (a comma Black would not add is one it keeps, so checking that Black leaves the
    laid-out text alone is not enough)."""
    return format_python(f"class A:\n    {statement}\n", "a.py")


@settings(max_examples=300)
@given(st.one_of(fields, members, subtypes))
def test_a_laid_out_statement_is_what_black_writes(statement: str) -> None:
    module = in_class(statement)
    if lay_out(statement, 4) != statement:
        assert looks_formatted(module)  # what it breaks up skips Black, so it must match Black
        assert black_in_class(statement) == module
    if looks_formatted(module):
        assert format_python(module, "a.py") == module


@settings(max_examples=200)
@given(st.one_of(adapters, aliases))
def test_a_laid_out_module_level_statement_is_what_black_writes(statement: str) -> None:
    module = lay_out(statement, 0) + "\n"
    if lay_out(statement, 0) != statement:
        assert looks_formatted(module)
        assert format_python(statement + "\n", "a.py") == module
    if looks_formatted(module):
        assert format_python(module, "a.py") == module


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (
            "scopes: list[AddedDeductedPointsBalancesNotificationPolicyScopesItemEnum] = "
            'rt.field("scopes", rt.List(rt.Enum(AddedDeductedPointsBalancesNotificationPolicy'
            "ScopesItemEnum), min_items=1, max_items=4))",
            """\
scopes: list[AddedDeductedPointsBalancesNotificationPolicyScopesItemEnum] = (
        rt.field(
            "scopes",
            rt.List(
                rt.Enum(AddedDeductedPointsBalancesNotificationPolicyScopesItemEnum),
                min_items=1,
                max_items=4,
            ),
        )
    )""",
        ),
        (
            "response_content: list[IntegrationEventV2RequestResponseContentItemEnum] | rt.Unset"
            ' = rt.field("responseContent", rt.List(rt.Enum(IntegrationEventV2RequestResponse'
            "ContentItemEnum)), default=rt.UNSET)",
            """\
response_content: (
        list[IntegrationEventV2RequestResponseContentItemEnum] | rt.Unset
    ) = rt.field(
        "responseContent",
        rt.List(rt.Enum(IntegrationEventV2RequestResponseContentItemEnum)),
        default=rt.UNSET,
    )""",
        ),
        (
            'LOYALTY_CARD_ADDED_DEDUCTED_POINTS_BALANCES = "loyalty_card_added_deducted_points_balances"',
            """\
LOYALTY_CARD_ADDED_DEDUCTED_POINTS_BALANCES = (
        "loyalty_card_added_deducted_points_balances"
    )""",
        ),
        (
            # A dict display split over lines has one entry a line, even when they would fit on
            # one (Spotify's: a discriminator's mapping one level in).
            'queue: list[TrackObject | EpisodeObject] | rt.Unset = rt.field("queue", rt.List('
            'rt.Union(rt.Nested("TrackObject"), rt.Nested("EpisodeObject"), discriminator="type", '
            'mapping={"TrackObject": "TrackObject", "EpisodeObject": "EpisodeObject"})), '
            "default=rt.UNSET)",
            """\
queue: list[TrackObject | EpisodeObject] | rt.Unset = rt.field(
        "queue",
        rt.List(
            rt.Union(
                rt.Nested("TrackObject"),
                rt.Nested("EpisodeObject"),
                discriminator="type",
                mapping={
                    "TrackObject": "TrackObject",
                    "EpisodeObject": "EpisodeObject",
                },
            )
        ),
        default=rt.UNSET,
    )""",
        ),
    ],
)
def test_the_shapes_of_the_corpus(statement: str, expected: str) -> None:
    assert lay_out(statement, 4) == expected
    assert black_in_class(statement) == in_class(statement)


# Long annotations, as in Cloudflare's description: Black wraps a union in parentheses and puts
# one operand on a line, operator first; it splits a subscript after its bracket; a name too long
# for any line stays whole on a line of its own.
LONG_ANNOTATIONS = [
    # A call's sole argument, a keyword of a string too long for any line: on a line of its own,
    # with no trailing comma, and left long (GitHub's base64 pattern).
    (
        'encrypted_value: str | rt.Unset = rt.field("encrypted_value", rt.Str(pattern="^(?:[A-Za'
        '-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$"), '
        "default=rt.UNSET)",
        """\
encrypted_value: str | rt.Unset = rt.field(
        "encrypted_value",
        rt.Str(
            pattern="^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$"
        ),
        default=rt.UNSET,
    )""",
    ),
    (
        "policies: list[AccessAppPolicyLink | AccessAppReqEmbeddedPoliciesPoliciesItemOption2 | "
        'AccessAppReqEmbeddedPoliciesPoliciesItemOption3] | rt.Unset = rt.field("policies", '
        'rt.List(rt.Union(rt.Nested("AccessAppPolicyLink"), rt.Nested("AccessAppReqEmbedded'
        'PoliciesPoliciesItemOption2"), rt.Nested("AccessAppReqEmbeddedPoliciesPoliciesItem'
        'Option3"))), default=rt.UNSET)',
        """\
policies: (
        list[
            AccessAppPolicyLink
            | AccessAppReqEmbeddedPoliciesPoliciesItemOption2
            | AccessAppReqEmbeddedPoliciesPoliciesItemOption3
        ]
        | rt.Unset
    ) = rt.field(
        "policies",
        rt.List(
            rt.Union(
                rt.Nested("AccessAppPolicyLink"),
                rt.Nested("AccessAppReqEmbeddedPoliciesPoliciesItemOption2"),
                rt.Nested("AccessAppReqEmbeddedPoliciesPoliciesItemOption3"),
            )
        ),
        default=rt.UNSET,
    )""",
    ),
    (
        "annotations: list[RadarGetAttacksLayer3SummaryByBitrateResponse200ResultMetaConfidence"
        'InfoAnnotationsItem] | rt.Unset = rt.field("annotations", rt.List(rt.Nested("RadarGet'
        'AttacksLayer3SummaryByBitrateResponse200ResultMetaConfidenceInfoAnnotationsItem")), '
        "default=rt.UNSET)",
        """\
annotations: (
        list[
            RadarGetAttacksLayer3SummaryByBitrateResponse200ResultMetaConfidenceInfoAnnotationsItem
        ]
        | rt.Unset
    ) = rt.field(
        "annotations",
        rt.List(
            rt.Nested(
                "RadarGetAttacksLayer3SummaryByBitrateResponse200ResultMetaConfidenceInfoAnnotationsItem"
            )
        ),
        default=rt.UNSET,
    )""",
    ),
    (
        "headers: dict[str, RulesetsRewriteRuleActionParametersHeadersValueOption1 | RulesetsRewrite"
        'RuleActionParametersHeadersValueOption2] | rt.Unset = rt.field("headers", rt.Map(rt.Union('
        'rt.Nested("RulesetsRewriteRuleActionParametersHeadersValueOption1"), rt.Nested("Rulesets'
        'RewriteRuleActionParametersHeadersValueOption2"))), default=rt.UNSET)',
        """\
headers: (
        dict[
            str,
            RulesetsRewriteRuleActionParametersHeadersValueOption1
            | RulesetsRewriteRuleActionParametersHeadersValueOption2,
        ]
        | rt.Unset
    ) = rt.field(
        "headers",
        rt.Map(
            rt.Union(
                rt.Nested("RulesetsRewriteRuleActionParametersHeadersValueOption1"),
                rt.Nested("RulesetsRewriteRuleActionParametersHeadersValueOption2"),
            )
        ),
        default=rt.UNSET,
    )""",
    ),
    (
        "asns_details: list[RadarGetAnnotationsOutagesResponse200ResultAnnotationsItemAsnsDetails"
        'Item] = rt.field("asnsDetails", rt.List(rt.Nested("RadarGetAnnotationsOutagesResponse200'
        'ResultAnnotationsItemAsnsDetailsItem")))',
        """\
asns_details: list[
        RadarGetAnnotationsOutagesResponse200ResultAnnotationsItemAsnsDetailsItem
    ] = rt.field(
        "asnsDetails",
        rt.List(
            rt.Nested(
                "RadarGetAnnotationsOutagesResponse200ResultAnnotationsItemAsnsDetailsItem"
            )
        ),
    )""",
    ),
    (
        'rule: RulesetsBlockRule | RulesetsLogRule = rt.field("rule", rt.Union(rt.Nested("Rulesets'
        'BlockRule"), rt.Nested("RulesetsLogRule"), discriminator="action", mapping={"block": '
        '"RulesetsBlockRule", "log": "RulesetsLogRule", "rulesets_BlockRule": "RulesetsBlockRule"}))',
        """\
rule: RulesetsBlockRule | RulesetsLogRule = rt.field(
        "rule",
        rt.Union(
            rt.Nested("RulesetsBlockRule"),
            rt.Nested("RulesetsLogRule"),
            discriminator="action",
            mapping={
                "block": "RulesetsBlockRule",
                "log": "RulesetsLogRule",
                "rulesets_BlockRule": "RulesetsBlockRule",
            },
        ),
    )""",
    ),
    (
        "tools: list[WorkersAiPostRunCfDeepseekAiDeepseekMath7bInstructRequestOption2ToolsItem"
        "Option1 | WorkersAiPostRunCfDeepseekAiDeepseekMath7bInstructRequestOption2ToolsItemOption2]"
        ' | rt.Unset = rt.field("tools", rt.List(rt.Union(rt.Nested("Option1"), rt.Nested('
        '"Option2"))), default=rt.UNSET)',
        """\
tools: (
        list[
            WorkersAiPostRunCfDeepseekAiDeepseekMath7bInstructRequestOption2ToolsItemOption1
            | WorkersAiPostRunCfDeepseekAiDeepseekMath7bInstructRequestOption2ToolsItemOption2
        ]
        | rt.Unset
    ) = rt.field(
        "tools",
        rt.List(rt.Union(rt.Nested("Option1"), rt.Nested("Option2"))),
        default=rt.UNSET,
    )""",
    ),
    (
        "result_info: TlsCertificatesAndHostnamesMtlsManagementComponentsSchemasCertificateResponse"
        'CollectionResultInfo | rt.Unset = rt.field("result_info", rt.Nested("ResultInfo"), '
        "default=rt.UNSET)",
        """\
result_info: (
        TlsCertificatesAndHostnamesMtlsManagementComponentsSchemasCertificateResponseCollectionResultInfo
        | rt.Unset
    ) = rt.field("result_info", rt.Nested("ResultInfo"), default=rt.UNSET)""",
    ),
    (
        "unit: DigitalExperienceMonitoringTracerouteTestNetworkPathResponseNetworkPathSamplingUnit"
        'Enum = rt.field("unit", rt.Enum(DigitalExperienceMonitoringTracerouteTestNetworkPath'
        "ResponseNetworkPathSamplingUnitEnum))",
        """\
unit: DigitalExperienceMonitoringTracerouteTestNetworkPathResponseNetworkPathSamplingUnitEnum = rt.field(
        "unit",
        rt.Enum(
            DigitalExperienceMonitoringTracerouteTestNetworkPathResponseNetworkPathSamplingUnitEnum
        ),
    )""",
    ),
    (
        f'name: str = rt.field("{"x" * 90}", rt.Str())',
        f"""\
name: str = rt.field(
        "{"x" * 90}",
        rt.Str(),
    )""",
    ),
]


@pytest.mark.parametrize(("statement", "expected"), LONG_ANNOTATIONS)
def test_long_annotations_and_lone_long_items_are_split_as_black_does(
    statement: str, expected: str
) -> None:
    assert lay_out(statement, 4) == expected
    assert looks_formatted(in_class(statement))
    assert black_in_class(statement) == in_class(statement)


@pytest.mark.parametrize(
    "statement",
    [
        # Parentheses inside an annotation, which our templates never write.
        f'name: (A{"x" * 80} | B) | rt.Unset = rt.field("name", rt.Str())',
        # A type too long for any line, arguments that fit on one: Black may keep parentheses.
        "unit: DigitalExperienceMonitoringTracerouteTestNetworkPathResponseNetworkPathSampling"
        'UnitEnum = rt.field("unit", rt.Enum(UnitEnum))',
        # A magic trailing comma: Black explodes the call whatever its length.
        f'name: str = rt.field("{"x" * 90}", rt.Str(),)',
    ],
)
def test_shapes_it_is_not_sure_of_are_left_whole(statement: str) -> None:
    assert lay_out(statement, 4) == statement
    assert not looks_formatted(in_class(statement))


LONG_UNION = " | ".join(["GoalMembershipCompact", "ProjectMembershipCompactResponse"] * 3)


def test_an_annotated_value_too_long_even_alone_stays_in_its_parentheses() -> None:
    statement = f'MembershipCompact: TypeAlias = "{LONG_UNION}"'
    expected = f'MembershipCompact: TypeAlias = (\n    "{LONG_UNION}"\n)\n'
    assert lay_out(statement, 0) + "\n" == expected
    assert looks_formatted(expected)
    assert format_python(statement + "\n", "a.py") == expected


@pytest.mark.parametrize("width", [77, 78, 79, 80, 120])
def test_an_enum_member_too_long_even_in_parentheses_stays_on_its_line(width: int) -> None:
    # In parentheses the value takes 4 + 4 + 2 + width columns: Black wraps it up to 78.
    statement = f'COM_ATLASSIAN_JIRA_CORE_PROJECT_TEMPLATES = "{"x" * width}"'
    module = in_class(statement)
    assert (lay_out(statement, 4) == statement) == (width > 78)
    assert looks_formatted(module)
    assert black_in_class(statement) == module


def test_a_plain_assignment_s_lone_value_in_parentheses_is_left_to_black() -> None:
    # Black unwraps it: only an annotated assignment keeps a lone value it cannot fit.
    module = f'MEMBERSHIP = (\n    "{LONG_UNION}"\n)\n'
    assert not looks_formatted(module)
    assert format_python(module, "a.py") != module


LONG_TYPE = (
    "DigitalExperienceMonitoringTracerouteTestNetworkPathResponseNetworkPathSamplingUnitEnum"
)


@pytest.mark.parametrize(
    "body",
    [
        # The arguments would fit on one line: Black's choice is not this one.
        f'    unit: {LONG_TYPE} = rt.field(\n        "unit", rt.Enum(UnitEnum)\n    )\n',
        # The type would fit on a line of its own in parentheses: Black puts it there.
        f'    unit: {LONG_TYPE[:75]} = rt.field(\n        "unit",\n        rt.Str(),\n    )\n',
    ],
)
def test_a_long_type_on_the_line_of_its_call_is_accepted_only_where_black_leaves_it(
    body: str,
) -> None:
    module = "class A:\n" + body
    assert not looks_formatted(module)
    assert format_python(module, "a.py") != module
