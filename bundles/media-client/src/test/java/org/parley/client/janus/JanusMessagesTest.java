package org.parley.client.janus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.parley.client.janus.JanusMessages.Feed;
import org.parley.client.janus.JanusMessages.Jsep;
import org.parley.client.janus.JanusMessages.Message;
import org.parley.client.janus.JanusMessages.Stream;
import org.parley.client.load.TrackInfo;

import com.fasterxml.jackson.databind.JsonNode;

class JanusMessagesTest {

    private static JsonNode json(String text) throws Exception {
        return JanusMessages.JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void aPublishMessageCarriesTheOfferAndTheSourcesAsDescriptions() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("0", "microphone");
        sources.put("1", "camera");
        JsonNode message = JanusMessages.message("t1", JanusMessages.publish(sources), new Jsep("offer", "v=0\r\n"));
        assertThat(message).isEqualTo(json("{'janus':'message','transaction':'t1','body':{'request':'publish',"
                + "'descriptions':[{'mid':'0','description':'microphone'},{'mid':'1','description':'camera'}]},"
                + "'jsep':{'type':'offer','sdp':'v=0\\r\\n'}}"));
    }

    @Test
    void roomsAndSubscriptionsAreAskedForAsTheVideoroomApiSays() throws Exception {
        // As text: Jackson's int and long nodes of the same number are not equal.
        assertThat(JanusMessages.createRoom("m1", 250, 1_500_000).toString()).isEqualTo(json("{'request':'create',"
                + "'description':'m1','publishers':250,'bitrate':1500000,'bitrate_cap':true,'audiocodec':'opus',"
                + "'videocodec':'vp8','notify_joining':false,'permanent':false}").toString());
        assertThat(JanusMessages.joinAsPublisher(42, "p1").toString())
                .isEqualTo(json("{'request':'join','ptype':'publisher','room':42,'display':'p1'}").toString());
        assertThat(JanusMessages.joinAsSubscriber(42, 7, 99).toString()).isEqualTo(json("{'request':'join',"
                + "'ptype':'subscriber','room':42,'private_id':99,'streams':[{'feed':7}]}").toString());
        assertThat(JanusMessages.trickleCompleted("t2"))
                .isEqualTo(json("{'janus':'trickle','transaction':'t2','candidate':{'completed':true}}"));
        assertThat(JanusMessages.attach("t3").path("plugin").asText()).isEqualTo("janus.plugin.videoroom");
    }

    @Test
    void aJoinedEventGivesTheFeedIdAndThePublishersAlreadyThere() throws Exception {
        Message joined = JanusMessages.parse(json("{'janus':'event','session_id':1,'transaction':'t4','sender':2,"
                + "'plugindata':{'plugin':'janus.plugin.videoroom','data':{'videoroom':'joined','room':42,"
                + "'description':'m1','id':1001,'private_id':555,'publishers':[{'id':1000,'display':'p0',"
                + "'streams':[{'type':'audio','mindex':0,'mid':'0','codec':'opus','description':'microphone'},"
                + "{'type':'video','mindex':1,'mid':'1','codec':'vp8'},"
                + "{'type':'video','mindex':2,'mid':'2','disabled':true}]},"
                + "{'id':1002,'dummy':true,'streams':[]}]}}}"));
        assertThat(joined.janus()).isEqualTo("event");
        assertThat(joined.transaction()).isEqualTo("t4");
        assertThat(joined.sender()).isEqualTo(2);
        assertThat(joined.videoroom()).isEqualTo("joined");
        assertThat(joined.error()).isEmpty();
        assertThat(joined.data().path("id").asLong()).isEqualTo(1001);
        assertThat(JanusMessages.publishers(joined)).containsExactly(new Feed(1000, "p0",
                java.util.List.of(new Stream("audio", "0", "microphone"), new Stream("video", "1", null))));
    }

    @Test
    void anAttachedEventGivesTheOfferAndWhoseTracksItCarries() throws Exception {
        Message attached = JanusMessages.parse(json("{'janus':'event','sender':3,'transaction':'t5',"
                + "'plugindata':{'plugin':'janus.plugin.videoroom','data':{'videoroom':'attached','room':42,"
                + "'streams':[{'type':'audio','active':true,'mindex':0,'mid':'0','ready':false,'send':true,"
                + "'feed_id':1000,'feed_display':'p0','feed_mid':'0','feed_description':'microphone','codec':'opus'},"
                + "{'type':'video','active':true,'mindex':1,'mid':'1','feed_id':1000,'feed_mid':'1','codec':'vp8'},"
                + "{'type':'data','active':false,'mindex':2,'mid':'2'}]}},"
                + "'jsep':{'type':'offer','sdp':'v=0'}}"));
        assertThat(attached.videoroom()).isEqualTo("attached");
        assertThat(attached.jsep()).contains(new Jsep("offer", "v=0"));
        assertThat(JanusMessages.subscriberTracks(attached)).containsExactly(
                new TrackInfo("0", "1000", "audio", "microphone"), new TrackInfo("1", "1000", "video", "camera"));
    }

    @Test
    void publishersEventsAnnounceFeedsAndLeavingOnesSayWhichIsGone() throws Exception {
        Message announced = JanusMessages.parse(json("{'janus':'event','sender':2,'plugindata':{'plugin':"
                + "'janus.plugin.videoroom','data':{'videoroom':'event','room':42,'publishers':[{'id':1003,"
                + "'display':'p3','streams':[{'type':'audio','mid':'0'}]}]}}}"));
        assertThat(announced.transaction()).isNull();
        assertThat(JanusMessages.publishers(announced)).extracting(Feed::id).containsExactly(1003L);
        assertThat(JanusMessages.departedFeed(announced)).isEmpty();
        Message unpublished = JanusMessages.parse(json("{'janus':'event','sender':2,'plugindata':{'plugin':"
                + "'janus.plugin.videoroom','data':{'videoroom':'event','room':42,'unpublished':1003}}}"));
        assertThat(JanusMessages.departedFeed(unpublished)).contains(1003L);
        Message leftItself = JanusMessages.parse(json("{'janus':'event','sender':2,'plugindata':{'plugin':"
                + "'janus.plugin.videoroom','data':{'videoroom':'event','room':42,'leaving':'ok'}}}"));
        assertThat(JanusMessages.departedFeed(leftItself)).isEmpty();
    }

    @Test
    void coreAndPluginErrorsAreBothErrors() throws Exception {
        Message core = JanusMessages.parse(json("{'janus':'error','transaction':'t6','error':{'code':458,"
                + "'reason':'No such session 1'}}"));
        assertThat(core.error()).contains("458 No such session 1");
        Message plugin = JanusMessages.parse(json("{'janus':'event','sender':2,'transaction':'t7','plugindata':"
                + "{'plugin':'janus.plugin.videoroom','data':{'videoroom':'event','error_code':426,"
                + "'error':'No such room (42)'}}}"));
        assertThat(plugin.error()).contains("426 No such room (42)");
    }

    @Test
    void aSessionCreatedAndALongPollOfSeveralEventsParse() throws Exception {
        Message created = JanusMessages.parse(json("{'janus':'success','transaction':'t8','data':{'id':12345}}"));
        assertThat(JanusMessages.createdId(created)).isEqualTo(12345);
        assertThat(JanusMessages.parseAll(json("[{'janus':'webrtcup','sender':2},{'janus':'media','sender':2,"
                + "'type':'audio','receiving':true}]"))).extracting(Message::janus).containsExactly("webrtcup", "media");
        assertThat(JanusMessages.parseAll(json("{'janus':'keepalive'}"))).extracting(Message::janus)
                .containsExactly("keepalive");
    }

    @Test
    void forwardedPacketsAreWhatSubscriberHandlesSentOnEveryMedium() throws Exception {
        JsonNode subscriber = json("{'janus':'success','info':{'plugin':'janus.plugin.videoroom',"
                + "'plugin_specific':{'type':'subscriber'},'webrtc':{'media':{"
                + "'0':{'type':'audio','stats':{'in':{'packets':0},'out':{'packets':164,'bytes':16400}}},"
                + "'1':{'type':'video','stats':{'in':{'packets':0},'out':{'packets':105,'nacks':0}}}}}}}");
        JsonNode publisher = json("{'janus':'success','info':{'plugin_specific':{'type':'publisher'},"
                + "'webrtc':{'media':{'0':{'stats':{'in':{'packets':220},'out':{'packets':0}}}}}}}");
        JsonNode notNegotiated = json("{'janus':'success','info':{'plugin_specific':{'type':'subscriber'}}}");
        assertThat(JanusAdmin.subscriberOutPackets(subscriber)).isEqualTo(269);
        assertThat(JanusAdmin.subscriberOutPackets(publisher)).isZero();
        assertThat(JanusAdmin.subscriberOutPackets(notNegotiated)).isZero();
    }
}
