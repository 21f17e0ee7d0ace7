"""Account pages under the language prefix: /{ky,ru,en}/accounts/…"""

from django.urls import path

from talapker.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password-change"),
]
