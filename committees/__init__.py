"""The Opgaveudvalg Flask application."""

from flask import Flask

from config import INSTANCE_DIR, Config


def create_app(config_class: type = Config) -> Flask:
    """Build the app: bind extensions, register blueprints, CLI and Celery."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.from_object(config_class)
    from committees import settings

    app.config["CONFIG_FINDINGS"] = settings.enforce(app.config)

    import workflows.meeting_kinds
    import workflows.minutes_kinds
    import workflows.notice_kinds
    import workflows.recommendation_kinds
    import workflows.recruitment_kinds  # noqa: F401
    from committees import cli, errors, web
    from committees.auth import bp as auth_bp
    from committees.celery_app import celery_init_app
    from committees.committee import bp as committee_bp
    from committees.extensions import (
        MIGRATE_OPTIONS,
        babel,
        csrf,
        db,
        limiter,
        login_manager,
        migrate,
    )
    from committees.help import bp as help_bp
    from committees.i18n import select_locale, select_timezone
    from committees.main import bp as main_bp
    from committees.mandate import bp as mandate_bp
    from committees.meetings import bp as meetings_bp
    from committees.members import bp as members_bp
    from committees.notices import bp as notices_bp
    from committees.public import bp as public_bp
    from committees.recommendations import bp as recommendations_bp
    from committees.recruitment import bp as recruitment_bp
    from committees.setup import bp as setup_bp
    from committees.users import bp as users_bp
    from workflows import notices

    db.init_app(app)
    migrate.init_app(app, db, **MIGRATE_OPTIONS)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)
    web.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    for bp in (
        main_bp,
        auth_bp,
        public_bp,
        committee_bp,
        mandate_bp,
        members_bp,
        users_bp,
        notices_bp,
        recruitment_bp,
        meetings_bp,
        recommendations_bp,
        setup_bp,
        help_bp,
    ):
        app.register_blueprint(bp)
    notices.init_app(app)
    celery_init_app(app)
    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["PROXY_COUNT"]  # only as many hops as configured: the rest is forgeable
        # Not X-Forwarded-Host: links are made from PUBLIC_URL, and a client can send any host.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)
    return app
