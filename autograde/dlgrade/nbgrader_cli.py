"""``python -m dlgrade.nbgrader_cli ARGS`` is ``nbgrader ARGS`` without the import cost that
:mod:`dlgrade` avoids (importing the package first is all it does differently)."""
import dlgrade  # noqa: F401 - see dlgrade/__init__.py

if __name__ == "__main__":
    from nbgrader.apps.nbgraderapp import main

    main()
