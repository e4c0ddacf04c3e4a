"""Key rotation: fields re-encrypted under the new first key; hashes recomputed on demand."""

from cryptography.fernet import Fernet
from django.core.management import call_command

from pcmt.audit.models import Event
from pcmt.core import crypto
from pcmt.persons.models import Person
from pcmt.persons.selectors import person_secrets


def test_rotation_re_encrypts_every_secret_under_the_new_key(person_a, settings):
    old_key = settings.FIELD_ENCRYPTION_KEY
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = f"{new_key},{old_key}"
    call_command("keys_rotate", verbosity=0)
    settings.FIELD_ENCRYPTION_KEY = new_key  # the old key is gone
    person = Person.objects.get(pk=person_a.pk)
    assert person_secrets(person)["id_number"] == "001088012345"
    assert person_secrets(person)["phone"] == "0912345678"
    assert Event.objects.filter(stream="keys", action="keys_rotated").count() == 1


def test_a_new_lookup_key_needs_rehash_to_find_by_number(person_a, settings):
    settings.LOOKUP_HASH_KEY = "another-lookup-key-for-the-test-0123456789"
    assert not Person.objects.filter(id_number_hash=crypto.lookup_hash("id", "001088012345"))
    call_command("keys_rotate", rehash=True, verbosity=0)
    found = Person.objects.filter(id_number_hash=crypto.lookup_hash("id", "001088012345"))
    assert list(found) == [Person.objects.get(pk=person_a.pk)]
    phone = Person.objects.filter(phone_hash=crypto.lookup_hash("phone", "0912345678"))
    assert phone.exists()
