"""Walk the URL configuration and turn every pattern into a concrete path (for the access tests)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"; unnamed patterns get "namespace:<route>"
    route: str  # the full pattern, with <param> placeholders
    params: tuple[str, ...]


_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")
_NAMED_GROUP = re.compile(r"\(\?P<(?P<name>[^>]+)>[^)]*\)")
_UNNAMED_GROUP = re.compile(r"\((?!\?)[^)]*\)")


def _as_route(pattern) -> str:
    """A pattern as a route with <param> placeholders (regex groups become <name> or <argN>)."""
    if isinstance(pattern, RoutePattern):
        return _ROUTE_PARAM.sub(lambda m: f"<{m['parameter']}>", str(pattern))
    assert isinstance(pattern, RegexPattern)
    text = str(pattern).lstrip("^").rstrip("$")
    text = _NAMED_GROUP.sub(lambda m: f"<{m['name']}>", text)
    counter = iter(range(10))
    text = _UNNAMED_GROUP.sub(lambda m: f"<arg{next(counter)}>", text)
    return text.replace("\\", "")


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(resolver, prefix: str, namespace: str | None):
        for item in resolver.url_patterns:
            if isinstance(item, URLResolver):
                ns = item.namespace
                inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                walk(item, prefix + _as_route(item.pattern), inner)
            elif isinstance(item, URLPattern):
                route = prefix + _as_route(item.pattern)
                base = item.name or f"<{route}>"
                name = f"{namespace}:{base}" if namespace else base
                params = tuple(m[1] for m in re.finditer(r"<([^>]+)>", route))
                found.append(Route(name, route, params))

    walk(get_resolver(), "", None)
    return found


def build(route: Route, values: dict[str, str]) -> str:
    path = route.route
    for param in route.params:
        path = path.replace(f"<{param}>", str(values[param]), 1)
    return "/" + path
