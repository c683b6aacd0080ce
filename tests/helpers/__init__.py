"""Plain helpers shared by the test modules (no tests here): paths, running builds, the layout
fixture reader, small invented documents and the parser stub. Test modules import from here,
never from one another or from conftest.py."""
