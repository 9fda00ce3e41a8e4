package uk.co.dcc.chfirmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The models call the code only through delegates and listeners, each a bean of the kind its place in the model needs;
 * every other expression (conditions, collections, timers, due dates, called elements, business keys, input
 * parameters) reads variables that a delegate or listener set before, never a bean. So renaming a method cannot break
 * a model at run time, and renaming a delegate or listener fails here. The DMN files are named after their decision.
 */
@ApplicationTest
class ProcessModelExpressionsTest extends ApiTestSupport {

    private static final Pattern EXPRESSION = Pattern.compile("[$#]\\{([^}]*)}");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![.\\w'])([A-Za-z_]\\w*)(?![\\w'])");
    private static final Set<String> EL_WORDS = Set.of("true", "false", "null", "empty", "not", "and", "or", "eq", "ne",
            "lt", "gt", "le", "ge", "div", "mod", "instanceof");
    private static final Map<String, Class<?>> DELEGATE_KINDS = Map.of("serviceTask", JavaDelegate.class,
            "businessRuleTask", JavaDelegate.class, "taskListener", TaskListener.class,
            "executionListener", ExecutionListener.class, "messageEventDefinition", JavaDelegate.class);

    @Autowired ApplicationContext context;

    @Test
    void shouldReachTheCodeOnlyThroughDelegatesAndListenersOfTheRightKind() throws Exception {
        List<String> problems = new ArrayList<>();
        int delegates = 0;
        for (Resource model : new PathMatchingResourcePatternResolver().getResources("classpath*:processes/*.bpmn")) {
            for (Element element : elements(parse(model))) {
                for (int i = 0; i < element.getAttributes().getLength(); i++) {
                    Node attribute = element.getAttributes().item(i);
                    String where = model.getFilename() + " " + element.getLocalName() + "@" + attribute.getLocalName();
                    if ("delegateExpression".equals(attribute.getLocalName())) {
                        delegates++;
                        checkDelegate(where, element.getLocalName(), attribute.getNodeValue(), problems);
                    } else {
                        checkReadsVariablesOnly(where, attribute.getNodeValue(), problems);
                    }
                }
                if (element.getElementsByTagNameNS("*", "*").getLength() == 0) {
                    checkReadsVariablesOnly(model.getFilename() + " " + element.getLocalName(), element.getTextContent(),
                            problems);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(delegates).as("delegate expressions found").isGreaterThan(40);
    }

    @Test
    void shouldNameEachDecisionFileAfterItsDecision() throws Exception {
        Resource[] decisions = new PathMatchingResourcePatternResolver().getResources("classpath*:processes/*.dmn");
        assertThat(decisions).isNotEmpty();
        for (Resource decision : decisions) {
            List<String> ids = elements(parse(decision)).stream().filter(e -> "decision".equals(e.getLocalName()))
                    .map(e -> e.getAttribute("id")).toList();
            assertThat(ids).as(decision.getFilename()).containsExactly(decision.getFilename().replace(".dmn", ""));
        }
    }

    private void checkDelegate(String where, String kind, String expression, List<String> problems) {
        Matcher bean = Pattern.compile("\\$\\{(\\w+)}").matcher(expression);
        if (!bean.matches()) {
            problems.add(where + ": " + expression + " is not a bean name");
            return;
        }
        Class<?> needed = DELEGATE_KINDS.get(kind);
        if (!context.containsBean(bean.group(1))) {
            problems.add(where + ": no bean " + bean.group(1));
        } else if (needed == null || !needed.isInstance(context.getBean(bean.group(1)))) {
            problems.add(where + ": " + bean.group(1) + " is no " + (needed == null ? kind : needed.getSimpleName()));
        }
    }

    private void checkReadsVariablesOnly(String where, String text, List<String> problems) {
        Matcher expression = EXPRESSION.matcher(text == null ? "" : text);
        while (expression.find()) {
            Matcher identifier = IDENTIFIER.matcher(expression.group(1));
            while (identifier.find()) {
                String name = identifier.group(1);
                if (!EL_WORDS.contains(name) && !"execution".equals(name) && context.containsBean(name)) {
                    problems.add(where + ": " + expression.group() + " calls the bean " + name);
                }
            }
        }
    }

    private static Document parse(Resource resource) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        try (InputStream in = resource.getInputStream()) {
            return factory.newDocumentBuilder().parse(in);
        }
    }

    private static List<Element> elements(Document document) {
        NodeList all = document.getElementsByTagNameNS("*", "*");
        List<Element> elements = new ArrayList<>(all.getLength());
        for (int i = 0; i < all.getLength(); i++) {
            elements.add((Element) all.item(i));
        }
        return elements;
    }
}
