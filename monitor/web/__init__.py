"""`monitor serve`: a small local web app to review alerts, search entries, try rules and
check sources. `monitor.web.app.create_app` builds it; importing this package is cheap."""
