"""Danish versions of WTForms' built-in messages (WTForms ships no Danish catalogue)."""

from flask_babel import get_locale

DANISH = {
    "Field must be equal to %(other_name)s.": "Feltet skal være lig med %(other_name)s.",
    "Field must be at least %(min)d character long.": "Feltet skal være mindst %(min)d tegn.",
    "Field must be at least %(min)d characters long.": "Feltet skal være mindst %(min)d tegn.",
    "Field cannot be longer than %(max)d character.": "Feltet må højst være %(max)d tegn.",
    "Field cannot be longer than %(max)d characters.": "Feltet må højst være %(max)d tegn.",
    "Field must be exactly %(max)d character long.": "Feltet skal være præcis %(max)d tegn.",
    "Field must be exactly %(max)d characters long.": "Feltet skal være præcis %(max)d tegn.",
    "Field must be between %(min)d and %(max)d characters long.": (
        "Feltet skal være mellem %(min)d og %(max)d tegn."
    ),
    "Number must be at least %(min)s.": "Tallet skal være mindst %(min)s.",
    "Number must be at most %(max)s.": "Tallet må højst være %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Tallet skal være mellem %(min)s og %(max)s.",
    "This field is required.": "Feltet skal udfyldes.",
    "Invalid input.": "Ugyldigt input.",
    "Invalid email address.": "Ugyldig e-mailadresse.",
    "Invalid URL.": "Ugyldig webadresse.",
    "Invalid value, must be one of: %(values)s.": "Ugyldig værdi, skal være en af: %(values)s.",
    "Invalid value, can't be any of: %(values)s.": "Ugyldig værdi, må ikke være: %(values)s.",
    "This field cannot be edited.": "Feltet kan ikke ændres.",
    "This field is disabled and cannot have a value.": "Feltet er deaktiveret.",
    "Invalid CSRF Token.": "Ugyldig sikkerhedsnøgle. Genindlæs siden.",
    "CSRF token missing.": "Sikkerhedsnøglen mangler. Genindlæs siden.",
    "CSRF failed.": "Sikkerhedstjekket fejlede. Genindlæs siden.",
    "CSRF token expired.": "Sikkerhedsnøglen er udløbet. Genindlæs siden.",
    "Invalid Choice: could not coerce.": "Ugyldigt valg.",
    "Not a valid choice.": "Ikke et gyldigt valg.",
    "Invalid choice(s): one or more data inputs could not be coerced.": "Ugyldigt valg.",
    "'%(value)s' is not a valid choice for this field.": "'%(value)s' er ikke et gyldigt valg.",
    "'%(value)s' are not valid choices for this field.": "'%(value)s' er ikke gyldige valg.",
    "Not a valid datetime value.": "Ikke et gyldigt tidspunkt (dato og klokkeslæt).",
    "Not a valid date value.": "Ikke en gyldig dato. Brug formatet åååå-mm-dd.",
    "Not a valid time value.": "Ikke et gyldigt klokkeslæt.",
    "Not a valid integer value.": "Skriv et helt tal.",
    "Not a valid decimal value.": "Skriv et tal.",
    "Not a valid float value.": "Skriv et tal.",
}


class FormTranslations:
    """WTForms' translations hook: Danish from the table above, English as WTForms wrote it."""

    def _danish(self) -> bool:
        return str(get_locale() or "da") == "da"

    def gettext(self, string: str) -> str:
        return DANISH.get(string, string) if self._danish() else string

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


translations = FormTranslations()
