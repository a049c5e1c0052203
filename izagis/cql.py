"""CQL2 filters (OGC API - Features - Part 3) as SQLAlchemy expressions.

pygeofilter parses both encodings into one syntax tree; this module walks the tree and builds
SQLAlchemy expressions on a layer's queryable properties, so every value reaches PostgreSQL
as a bound parameter and every property name picks one of a fixed set of expressions. What is
supported is Basic CQL2 (comparisons, ``IS NULL``, ``AND``/``OR``/``NOT``, string, number,
boolean, ``DATE`` and ``TIMESTAMP`` literals) plus the advanced comparison operators
(``LIKE``, ``BETWEEN``, ``IN``); anything else (spatial, temporal, array functions, arithmetic,
property-to-property comparisons) is refused with a message naming it.

pygeofilter's CQL2 text grammar gives ``AND`` and ``OR`` the same precedence, applies ``NOT``
to a single predicate only, and ends a string at its first quote; the grammar used here is
pygeofilter's with those three rules as CQL2 states them (``AND`` binds tighter than ``OR``,
``NOT`` takes any parenthesised condition, ``''`` is a quote inside a string).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import operator
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken, VisitError
from pygeofilter import ast
from pygeofilter.parsers.cql2_json import parse as parse_cql2_json
from pygeofilter.parsers.cql2_text import parser as cql2_text
from sqlalchemy import and_, false, not_, or_, true
from sqlalchemy.sql.elements import ColumnElement

from izagis.errors import InvalidInputError
from izagis.inputs import storable_text
from izagis.layers import Layer, Prop

TEXT: Final = "cql2-text"
JSON: Final = "cql2-json"
# The draft's name of the text encoding, which GDAL's OAPIF driver (up to 3.12 at least) sends
# for the filters it writes (comparisons, LIKE, IS NULL, AND, OR, NOT): read as CQL2 text.
DRAFT_TEXT: Final = "cql-text"
LANGUAGES: Final = (TEXT, JSON, DRAFT_TEXT)
MAX_LENGTH: Final = 4096  # characters of one filter
MAX_DEPTH: Final = 64  # nesting of conditions

_RULES = re.compile(r"\?condition: condition_1\n.*?\| \"\(\" condition \"\)\"\n", re.S)
_CQL2_RULES = """?condition: conjunction
          | condition "OR"i conjunction                          -> or_

?conjunction: condition_1
            | conjunction "AND"i condition_1                     -> and_

?condition_1: predicate
            | "NOT"i condition_1                                 -> not_
            | "(" condition ")"
"""
_STRING = 'SINGLE_QUOTED: "\'" /.*?/ "\'"'
_CQL2_STRING = "SINGLE_QUOTED: /'(?:[^']|'')*'/"


class _Transformer(cql2_text.CQLTransformer):
    def SINGLE_QUOTED(self, token: str) -> str:  # noqa: N802 - the terminal's name
        return token[1:-1].replace("''", "'")


@lru_cache(maxsize=1)
def _text_parser() -> Lark:
    source = Path(cql2_text.__file__).with_name("grammar.lark").read_text()
    if not _RULES.search(source) or _STRING not in source:
        raise RuntimeError("pygeofilter's CQL2 grammar changed; review izagis.cql")
    grammar = _RULES.sub(_CQL2_RULES, source).replace(_STRING, _CQL2_STRING)
    return Lark(
        grammar,
        parser="lalr",
        maybe_placeholders=False,
        transformer=_Transformer(),
        import_paths=[str(Path(cql2_text.__file__).parent.parent)],
    )


def _refuse(message: str) -> InvalidInputError:
    return InvalidInputError(message, field="filter")


def parse(expression: str, lang: str = TEXT) -> Any:
    """The syntax tree of a CQL2 filter; InvalidInputError (field ``filter``) if unreadable."""
    if len(expression) > MAX_LENGTH:
        raise _refuse(f"the filter is longer than {MAX_LENGTH} characters")
    try:
        if lang == JSON:
            tree = json.loads(expression)
            # pygeofilter reads a text as JSON once more: a JSON string is no condition anyway.
            return tree if isinstance(tree, str) else parse_cql2_json(tree)
        if lang not in (TEXT, DRAFT_TEXT):
            raise InvalidInputError(f"filter-lang must be {TEXT} or {JSON}", field="filter-lang")
        return _text_parser().parse(expression)
    except InvalidInputError:
        raise
    except RecursionError as exc:
        raise _refuse("the filter is nested too deeply") from exc
    except Exception as exc:  # lark, json and pygeofilter raise many unrelated types
        raise _refuse(f"the filter is not valid {lang}: {_why(exc, expression)}") from exc


def _why(exc: Exception, expression: str) -> str:
    """Why a filter does not parse, in words rather than the parser's (no token names)."""
    if isinstance(exc, VisitError) and isinstance(exc.orig_exc, Exception):
        return _why(exc.orig_exc, expression)
    if isinstance(exc, UnexpectedEOF | UnexpectedToken) and (
        isinstance(exc, UnexpectedEOF) or exc.token.type == "$END"
    ):
        return "it is empty" if not expression.strip() else "it ends before its condition does"
    if isinstance(exc, UnexpectedToken):
        if exc.token == "'":
            return f"the quote at character {exc.column} opens a string that is never closed"
        return f"{str(exc.token)[:40]!r} at character {exc.column} is not expected there"
    if isinstance(exc, UnexpectedCharacters):
        return f"{exc.char!r} at character {exc.column} is not expected there"
    if isinstance(exc, json.JSONDecodeError):
        return f"it is not JSON ({exc.msg.lower()} at character {exc.pos + 1})"
    if isinstance(exc, KeyError):
        return (
            f"an object lacks its {str(exc.args[0])[:40]!r} member"
            if exc.args
            else "a member is missing"
        )
    if isinstance(exc, TypeError):
        return "an operator is given args it does not take"
    return "it is no condition in that language"


_COMPARISONS: dict[type, tuple[Callable[[Any, Any], Any], Callable[[Any, Any], Any]]] = {
    # node type: (property op literal, literal op property)
    ast.Equal: (operator.eq, operator.eq),
    ast.NotEqual: (operator.ne, operator.ne),
    ast.LessThan: (operator.lt, operator.gt),
    ast.LessEqual: (operator.le, operator.ge),
    ast.GreaterThan: (operator.gt, operator.lt),
    ast.GreaterEqual: (operator.ge, operator.le),
}
_UNSUPPORTED: tuple[tuple[type, str], ...] = (
    (ast.SpatialComparisonPredicate, "spatial functions"),
    (ast.Relate, "spatial functions"),
    (ast.SpatialDistancePredicate, "spatial functions"),
    (ast.BBox, "spatial functions"),
    (ast.TemporalPredicate, "temporal functions"),
    (ast.ArrayPredicate, "array functions"),
    (ast.Arithmetic, "arithmetic"),
    (ast.Function, "functions (CASEI, ACCENTI, ...)"),
    (ast.Exists, "EXISTS"),
)


def to_sql(node: Any, layer: Layer, depth: int = 0) -> ColumnElement[bool]:
    """The SQL condition of a parsed filter on ``layer``'s queryables."""
    if depth > MAX_DEPTH:
        raise _refuse("the filter is nested too deeply")
    if isinstance(node, bool):
        return true() if node else false()
    if isinstance(node, ast.And):
        return and_(to_sql(node.lhs, layer, depth + 1), to_sql(node.rhs, layer, depth + 1))
    if isinstance(node, ast.Or):
        return or_(to_sql(node.lhs, layer, depth + 1), to_sql(node.rhs, layer, depth + 1))
    if isinstance(node, ast.Not):
        return not_(to_sql(node.sub_node, layer, depth + 1))
    if isinstance(node, ast.Include):
        return false() if node.not_ else true()
    if isinstance(node, ast.Comparison) and type(node) in _COMPARISONS:
        direct, flipped = _COMPARISONS[type(node)]
        if isinstance(node.lhs, ast.Attribute) and not isinstance(node.rhs, ast.Node):
            prop = _queryable(layer, node.lhs)
            return direct(prop.sql, _literal(prop, node.rhs))
        if isinstance(node.rhs, ast.Attribute) and not isinstance(node.lhs, ast.Node):
            prop = _queryable(layer, node.rhs)
            return flipped(prop.sql, _literal(prop, node.lhs))
        _check_supported(node.lhs)
        _check_supported(node.rhs)
        raise _refuse("a comparison needs one queryable property and one literal value")
    if isinstance(node, ast.IsNull):
        prop = _queryable(layer, node.lhs)
        return prop.sql.is_not(None) if node.not_ else prop.sql.is_(None)
    if isinstance(node, ast.Like):
        prop = _queryable(layer, node.lhs)
        if prop.kind != "string" or not isinstance(node.pattern, str):
            raise _refuse(f"LIKE compares a text property with a text pattern ({prop.name})")
        pattern = storable_text_or_refuse(node.pattern)
        matched = (
            prop.sql.ilike(pattern, escape="\\")
            if node.nocase
            else prop.sql.like(pattern, escape="\\")
        )
        return not_(matched) if node.not_ else matched
    if isinstance(node, ast.Between):
        prop = _queryable(layer, node.lhs)
        between = prop.sql.between(_literal(prop, node.low), _literal(prop, node.high))
        return not_(between) if node.not_ else between
    if isinstance(node, ast.In):
        prop = _queryable(layer, node.lhs)
        listed = prop.sql.in_([_literal(prop, v) for v in node.sub_nodes])
        return not_(listed) if node.not_ else listed
    _check_supported(node)
    raise _refuse(f"the filter is not a condition: {str(node)[:100]}")


def _check_supported(node: Any) -> None:
    for kind, name in _UNSUPPORTED:
        if isinstance(node, kind):
            raise _refuse(f"{name} are not supported in filters")


def _queryable(layer: Layer, node: Any) -> Prop:
    if not isinstance(node, ast.Attribute):
        _check_supported(node)
        raise _refuse("expected a queryable property")
    prop = layer.prop(node.name)
    if prop is None or not prop.queryable:
        names = ", ".join(p.name for p in layer.props if p.queryable)
        raise _refuse(f"{node.name!r} is not a queryable of {layer.id}: {names}")
    return prop


def storable_text_or_refuse(value: str) -> str:
    try:
        return storable_text(value)
    except ValueError as exc:
        raise _refuse(str(exc)) from exc


def _literal(prop: Prop, value: Any) -> Any:
    """``value`` as the type of ``prop``, or a refusal saying what was expected."""
    wrong = _refuse(f"{prop.name} is a {prop.kind}; {str(value)[:60]!r} is not one")
    if isinstance(value, ast.Node):
        _check_supported(value)
        raise _refuse("comparisons are with literal values only")
    if prop.kind == "string":
        if not isinstance(value, str):
            raise wrong
        return storable_text_or_refuse(value)
    if prop.kind in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise wrong
        if not math.isfinite(value):
            raise _refuse(f"{prop.name}: numbers in filters must be finite")
        return value
    if prop.kind == "boolean":
        if not isinstance(value, bool):
            raise wrong
        return value
    if prop.kind == "date":
        if isinstance(value, dt.datetime):
            raise wrong
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError as exc:
                raise wrong from exc
        if isinstance(value, dt.date):
            return value
        raise wrong
    if prop.kind == "date-time":
        return timestamp(value, wrong)
    raise wrong


def timestamp(value: Any, wrong: Exception) -> dt.datetime:
    """A UTC datetime from a datetime, a date (its midnight, UTC) or an RFC 3339 text."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError as exc:
            raise wrong from exc
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)
    raise wrong


def filter_condition(layer: Layer, expression: str, lang: str = TEXT) -> ColumnElement[bool]:
    """The SQL condition of the CQL2 ``expression`` (in ``lang``) on ``layer``."""
    try:
        return to_sql(parse(expression, lang), layer)
    except RecursionError as exc:
        raise _refuse("the filter is nested too deeply") from exc
