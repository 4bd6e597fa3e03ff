"""Queue rows name the state from a table made once per language, in the same words as the model."""

import pytest
from django.utils import translation

from eligibility.models import Application, ApplicationState
from workspaces.templatetags.workspace_tags import state_label


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("state", ApplicationState.values)
def test_the_label_is_the_models_in_the_active_language(state, language):
    with translation.override(language):
        assert state_label(state) == Application(state=state).get_state_display()
