package uk.co.dcc.chfirmware.security;

import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;

/**
 * What a user task accepts from whoever completes it, checked before the completion runs: a refusal is a
 * {@link org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException} naming the field (HTTP 400 over the
 * engine REST API, the message in Tasklist), and nothing of the submission is stored. Each feature declares the rules
 * of its own tasks; {@link EngineAccessGuard} applies them to every completion and form submission, whoever sends it.
 * The task's complete listener then maps the checked inputs into the process and the product's tables.
 */
public interface TaskInputRules {

    /** The task definition keys whose submissions these rules check. */
    Set<String> taskDefinitionKeys();

    /** Checks a submission (the variables sent with the completion) for the task; refuses it by throwing. */
    void check(DelegateTask task, Map<String, Object> submitted);
}
