"""Who is calling, and the role checks that routers declare as dependencies.

Investors are anonymous. Until accounts land (the staff workspace), nobody is signed in, so
every route behind ``require_role`` answers 401; the core never checks roles itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from izagis.errors import AuthenticationRequiredError, ForbiddenError
from izagis.vocab import Role


@dataclass(frozen=True)
class User:
    name: str
    role: Role


def current_user() -> User | None:
    """The signed-in person, or None for an anonymous caller."""
    return None


CurrentUser = Annotated[User | None, Depends(current_user)]


def require_role(*roles: Role) -> Callable[[User | None], User]:
    """A dependency admitting the given roles (and admins); 401 anonymous, 403 other roles."""

    def check(user: CurrentUser) -> User:
        if user is None:
            raise AuthenticationRequiredError("sign in to use this route")
        if user.role != Role.ADMIN and user.role not in roles:
            raise ForbiddenError(f"this route is for {', '.join(roles)}; you are {user.role}")
        return user

    return check
