"""One lazy-import mechanism for the whole package.

The interface of SPEC 1's ``lazy_loader.attach`` (scientific-python/specs), in a dozen lines
so the package needs no extra dependency: a package lists the submodules and the names it
serves on first use, and gets back ``__getattr__``, ``__dir__`` and ``__all__``::

    __getattr__, __dir__, __all__ = attach(__name__, submodules=["plotting"],
                                           submod_attrs={"meanfield": ["siegert_rate"]})

Lazy names keep ``import neurocourse`` fast (no matplotlib, ipywidgets or scipy submodules
until they are used), and model modules never import plotting or widgets.
``tests/test_package.py`` imports every name of every ``__all__`` and lazy table.
"""

from __future__ import annotations

import importlib

__all__ = ["attach"]


def attach(package: str, *, submodules=(), submod_attrs=None, eager=()):
    """Return ``(__getattr__, __dir__, __all__)`` serving lazy submodules and attributes.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    submodules : iterable of str
        Submodules imported on first attribute access (``package.plotting``).
    submod_attrs : dict of str to list of str, optional
        Names served from a submodule on first access (``{"meanfield": ["siegert_rate"]}``).
    eager : iterable of str
        Names the package imported itself; listed in ``__all__`` and ``dir()``.
    """
    submodules = set(submodules)
    attr_to_module = {attr: mod for mod, attrs in (submod_attrs or {}).items() for attr in attrs}
    names = sorted(set(eager) | submodules | set(attr_to_module))

    def __getattr__(name):
        if name in submodules:
            return importlib.import_module(f"{package}.{name}")
        if name in attr_to_module:
            module = importlib.import_module(f"{package}.{attr_to_module[name]}")
            return getattr(module, name)
        listed = f"; available: {', '.join(sorted(submodules))}" if submodules else ""
        raise AttributeError(f"module {package!r} has no attribute {name!r}{listed}")

    def __dir__():
        return list(names)

    return __getattr__, __dir__, list(names)
