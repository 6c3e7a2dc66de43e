"""View-models: what the CLI, the web pages and the reports show, built once.

Each module turns the library's frames and records into labelled values
(`values.Value`: the raw value, its kind, the catalogue key of its label, its unit, a
note) and sentences (`values.Message`: a `hatang.i18n` key and its parameters).
Renderers only lay them out and write them with `format` in their style (`WEB`,
`TERMINAL`) and language, so a figure reads the same wherever it is shown.

    scorecard   the plan's targets (over `indicators.scorecard`'s frame)
    scenarios   planner scenarios: problem, solver note, coverage run, weighting,
                before → after, actions, the comparison of scenarios
    deadspots   modelled dead spots and the model-vs-reports comparison
    commune     a commune's villages, sites, dead spots, speeds and values
    register    the dead-spot register: cases, a case's facts and timeline, the scoreboard
    overview    the province's key figures
    format      numbers, shares, money, people, coordinates in a style
"""
