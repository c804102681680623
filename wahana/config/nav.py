from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    """One entry of the main menu, declared by the app that owns the page."""

    label: str
    url_name: str
    visible_to: Callable = lambda user: True
