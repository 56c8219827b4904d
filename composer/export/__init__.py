"""Exports of a result and intake files: the shortlist workbook, the nomination template, charts.

- :func:`composer.export.excel.write_shortlist` (also ``Result.to_excel``): the shortlist workbook;
- :func:`composer.export.template.write_template`: the nomination intake workbook;
- :mod:`composer.export.charts`: composition and coverage charts (matplotlib).

The modules are imported on use, so ``import composer`` stays light.
"""
