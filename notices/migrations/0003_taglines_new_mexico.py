"""Seed the taglines in the languages most spoken in New Mexico (PRODUCT P5): Navajo after Spanish, then
Vietnamese, Chinese, Arabic, Tagalog, Korean and German. Each says what the English and Spanish taglines
say: free language assistance, free aids and services for people with disabilities, and the number to
call. The Navajo text is the standard tagline (free language assistance and the number to call).

Administrators keep them in the admin as before; a language they already added is left as it is.
Reversing removes only the rows this migration added and that nobody changed since.
"""

from django.db import migrations
from django.utils import timezone

SEED_REASON = "Seeded by notices 0003: taglines in the languages most spoken in New Mexico"

TAGLINES = [
    {
        "language_code": "nv",
        "language_name": "Diné Bizaad",
        "position": 30,
        "text": (
            "Díí baa akó nínízin: Díí saad bee yáníłti’go Diné Bizaad, saad bee áká’ánída’áwo’déé’, "
            "t’áá jiik’eh, éí ná hólǫ́, kojį’ hódíílnih {phone} (TTY: {tty})."
        ),
    },
    {
        "language_code": "vi",
        "language_name": "Tiếng Việt",
        "position": 40,
        "text": (
            "CHÚ Ý: Nếu bạn nói Tiếng Việt, có các dịch vụ hỗ trợ ngôn ngữ miễn phí dành cho bạn. Ngoài ra "
            "còn có các phương tiện trợ giúp và dịch vụ miễn phí cho người khuyết tật, chẳng hạn như bản in "
            "chữ lớn, chữ nổi Braille hoặc thông dịch viên ngôn ngữ ký hiệu, cùng các điều chỉnh hợp lý. "
            "Để yêu cầu, hãy gọi số {phone} (TTY: {tty})."
        ),
    },
    {
        "language_code": "zh",
        "language_name": "繁體中文",
        "position": 50,
        "text": (
            "注意：如果您使用繁體中文，您可以免費獲得語言援助服務。我們也為身心障礙人士免費提供輔助工具和服務，"
            "例如大字版、點字或手語翻譯員，以及合理的便利措施。如需上述服務，請致電 {phone}（TTY：{tty}）。"
        ),
    },
    {
        "language_code": "ar",
        "language_name": "العربية",
        "position": 60,
        "text": (
            "ملحوظة: إذا كنت تتحدث اللغة العربية، فإن خدمات المساعدة اللغوية تتوافر لك بالمجان. وتتوفر أيضًا "
            "وسائل مساعدة وخدمات مجانية للأشخاص ذوي الإعاقة، مثل الطباعة بحروف كبيرة أو طريقة برايل أو مترجم "
            "لغة الإشارة، بالإضافة إلى الترتيبات التيسيرية المعقولة. لطلبها، اتصل بالرقم {phone} "
            "(رقم هاتف الصم والبكم: {tty})."
        ),
    },
    {
        "language_code": "tl",
        "language_name": "Tagalog",
        "position": 70,
        "text": (
            "PAUNAWA: Kung nagsasalita ka ng Tagalog, maaari kang gumamit ng mga serbisyo ng tulong sa wika "
            "nang walang bayad. Mayroon ding libreng mga tulong at serbisyo para sa mga taong may kapansanan, "
            "gaya ng malalaking titik, Braille o interpreter ng sign language, at makatwirang akomodasyon. "
            "Upang hingin ang mga ito, tumawag sa {phone} (TTY: {tty})."
        ),
    },
    {
        "language_code": "ko",
        "language_name": "한국어",
        "position": 80,
        "text": (
            "주의: 한국어를 사용하시는 경우, 언어 지원 서비스를 무료로 이용하실 수 있습니다. 큰 활자, 점자, "
            "수어 통역사 등 장애인을 위한 무료 보조 도구 및 서비스와 합리적인 편의도 제공됩니다. "
            "요청하시려면 {phone} (TTY: {tty}) 번으로 전화해 주십시오."
        ),
    },
    {
        "language_code": "de",
        "language_name": "Deutsch",
        "position": 90,
        "text": (
            "ACHTUNG: Wenn Sie Deutsch sprechen, stehen Ihnen kostenlos sprachliche Hilfsdienstleistungen zur "
            "Verfügung. Für Menschen mit Behinderungen gibt es außerdem kostenlose Hilfsmittel und Dienste, "
            "etwa Großdruck, Brailleschrift oder einen Gebärdensprachdolmetscher, sowie angemessene "
            "Vorkehrungen. Um sie anzufordern, rufen Sie {phone} (TTY: {tty}) an."
        ),
    },
]


def seed(apps, schema_editor):
    Tagline = apps.get_model("notices", "Tagline")
    HistoricalTagline = apps.get_model("notices", "HistoricalTagline")
    now = timezone.now()
    for row in TAGLINES:
        tagline, created = Tagline.objects.get_or_create(language_code=row["language_code"], defaults=row)
        if created:
            HistoricalTagline.objects.create(
                id=tagline.id,
                language_code=tagline.language_code,
                language_name=tagline.language_name,
                text=tagline.text,
                position=tagline.position,
                is_active=tagline.is_active,
                created_at=tagline.created_at,
                updated_at=tagline.updated_at,
                history_date=now,
                history_type="+",
                history_change_reason=SEED_REASON,
            )


def unseed(apps, schema_editor):
    Tagline = apps.get_model("notices", "Tagline")
    HistoricalTagline = apps.get_model("notices", "HistoricalTagline")
    for row in TAGLINES:
        seeded = HistoricalTagline.objects.filter(
            language_code=row["language_code"], history_change_reason=SEED_REASON
        )
        for tagline in Tagline.objects.filter(id__in=seeded.values("id"), text=row["text"]):
            HistoricalTagline.objects.filter(id=tagline.id).delete()
            tagline.delete()


class Migration(migrations.Migration):
    dependencies = [("notices", "0002_seed_taglines")]

    operations = [migrations.RunPython(seed, unseed)]
