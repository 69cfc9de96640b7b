"""The programme's portal pages."""

app_name = "programme"

urlpatterns: list = [
    # Each part of the programme adds its pages here.
]
