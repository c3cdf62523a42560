from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from marketplace.sites import site_sync

        # After the sites app has created its table and "example.com" (it runs first).
        post_migrate.connect(
            site_sync, sender=apps.get_app_config("sites"), dispatch_uid="kruispunt_site"
        )
