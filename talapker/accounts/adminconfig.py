"""The admin app, with our OTP-requiring site as the default `admin.site`.

Django's documented way to replace the default site: every app's `admin.py` keeps using
`admin.site` / `@admin.register`, and gets the subclass. Kept apart from `admin_site.py`
because this module is imported while apps load, before any model may be imported.
"""

from django.contrib.admin.apps import AdminConfig


class TalapkerAdminConfig(AdminConfig):
    default_site = "talapker.accounts.admin_site.TalapkerAdminSite"
