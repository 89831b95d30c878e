"""hubfleet's grade service: scores from nbgrader to the LMS over LTI 1.3 Assignment and Grade Services.

A JupyterHub service of one course hub. It learns from LTI 1.3 launches which LMS course (LTI
context) the hub is linked from, where that course's line items are, who teaches it and by which
`sub` the platform knows each student; it takes scores from instructors (the nbgrader exporter in
their server, authenticated with their hub token), keeps them in an outbox on its own volume and
sends them to the platform with a token it obtains with its own key (IMS Security Framework 1.0,
client credentials with a signed JWT). Nothing is dropped: every score stays in the outbox with
what happened to it.

Modules: settings (configuration), keys (the tool key and its key set), launches (what a launch
says), store (the database), platform (the platform's token and AGS endpoints), sender (the
outbox), hubapi (the hub's REST API), web (the HTTP endpoints), __main__ (start).
"""

__version__ = "1.0.0"
