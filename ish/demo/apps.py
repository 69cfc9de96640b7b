from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ish.demo"
    verbose_name = "Demo season"
