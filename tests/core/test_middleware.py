from django.urls import reverse


def test_pages_are_in_vietnamese_whatever_the_browser_asks(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Hệ thống quản lý dữ liệu phòng, chống ma túy" in response.content.decode()
    assert response["Content-Language"] == "vi"


def test_english_can_be_chosen_with_the_switcher(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    response = client.get(reverse("login"))
    assert "Drug prevention and control data system" in response.content.decode()
