"""PDF reports: charts, Vietnamese formatting, templates and the WeasyPrint renderer.

Public entry points live in `survey.reports.pdf` (`render_unit_report`,
`render_comparison_report`); the data they take is described in `survey.reports.context`.
Nothing here imports Flask or the database: contexts are plain dicts.
"""
