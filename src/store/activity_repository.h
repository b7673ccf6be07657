// Group work and what it produces: activities and their sessions, attendance (members by person,
// outsiders by count + organisation + profession), media made with members and who took part,
// calls for contributions with applications and reviews.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/user_repository.h"
#include "store/vault.h"

namespace passerelle::store {

struct Activity {
  std::string id, type, title, description;
  std::vector<std::string> themes;
  std::string audience = "members";
  bool international = false;
  std::optional<std::string> starts_on, ends_on;
  std::string created_by, created_at, updated_at;
  std::int64_t version = 1;
  int session_count = 0;  // filled by list/find
};

struct Guest {
  std::string name, role, organisation;  // invited speakers: public persons
};
struct Material {
  std::string title, link;
};

struct Session {
  std::string id, activity_id, held_on;
  std::optional<std::string> starts_at;
  std::optional<int> duration_minutes;
  std::optional<std::string> site_id, place, theme, work;
  std::vector<std::string> facilitators;  // user ids
  std::vector<Guest> guests;
  std::vector<Material> materials;
  std::string notes;  // decrypted
  std::string created_by, created_at, updated_at;
  std::int64_t version = 1;
  int member_count = 0, outsider_count = 0;  // filled by reads
};

struct Attendance {
  std::string id, session_id;
  std::optional<std::string> person_id;
  std::optional<int> outsider_count;
  std::optional<std::string> organisation, profession;
  std::string role = "participant";
  std::string recorded_by, created_at;
};

struct MediaItem {
  std::string id, kind, title;
  std::optional<std::string> activity_id;
  std::string status = "in_production";
  std::optional<std::string> published_on, link;
  std::string created_by, created_at, updated_at;
  std::int64_t version = 1;
};

struct MediaParticipant {
  std::string media_id, person_id, part;
};

struct Criterion {
  std::string key, label;
  int weight = 1, max = 5;
};

struct Call {
  std::string id, title, description;
  std::vector<Criterion> criteria;
  std::optional<std::string> opens_on, closes_on;
  std::optional<int> places;
  std::string status = "open";
  std::string created_by, created_at, updated_at;
  std::int64_t version = 1;
};

struct FollowUp {
  std::string on, note, outcome;
};

struct Application {
  std::string id, call_id, initiative;
  std::optional<std::string> organisation, region, country;
  std::string contact;  // decrypted JSON {name, email, phone}
  std::string summary, received_on, status = "received";
  std::vector<FollowUp> follow_up;
  std::optional<std::string> outcome;
  std::string created_at, updated_at;
  std::int64_t version = 1;
};

struct Review {
  std::string application_id, reviewer_id;
  std::map<std::string, int> scores;
  std::string comment, created_at, updated_at;
};

class ActivityRepository {
 public:
  explicit ActivityRepository(const Vault& vault) : vault_(vault) {}

  void create_activity(Tx& tx, const Activity& a) const;
  std::optional<Activity> find_activity(Tx& tx, const std::string& id) const;
  UpdateOutcome update_activity(Tx& tx, const Activity& a, std::int64_t expected_version) const;
  // Newest first (by starts_on, then created_at); `type` "" = all.
  std::vector<Activity> activities(Tx& tx, const std::string& type, int limit) const;

  void create_session(Tx& tx, const Session& s) const;
  std::optional<Session> find_session(Tx& tx, const std::string& id) const;
  UpdateOutcome update_session(Tx& tx, const Session& s, std::int64_t expected_version) const;
  std::vector<Session> sessions_of(Tx& tx, const std::string& activity_id) const;
  // Sessions held between two dates (inclusive), for "today's sessions" on a phone.
  std::vector<Session> sessions_between(Tx& tx, const std::string& from, const std::string& to,
                                        int limit) const;

  // A member's attendance is unique per session: adding it twice returns false.
  bool add_attendance(Tx& tx, const Attendance& a) const;
  bool remove_attendance(Tx& tx, const std::string& session_id, const std::string& attendance_id) const;
  std::vector<Attendance> attendance_of(Tx& tx, const std::string& session_id) const;
  // The session of an attendance line, if the line exists.
  std::optional<std::string> session_of_attendance(Tx& tx, const std::string& attendance_id) const;

  void create_media(Tx& tx, const MediaItem& m) const;
  std::optional<MediaItem> find_media(Tx& tx, const std::string& id) const;
  UpdateOutcome update_media(Tx& tx, const MediaItem& m, std::int64_t expected_version) const;
  std::vector<MediaItem> media(Tx& tx, int limit) const;
  void set_participant(Tx& tx, const MediaParticipant& p) const;
  bool remove_participant(Tx& tx, const std::string& media_id, const std::string& person_id) const;
  std::vector<MediaParticipant> participants(Tx& tx, const std::string& media_id) const;
  // Media items a person takes part in (to flag them when she withdraws her media consent).
  std::vector<MediaItem> media_of_person(Tx& tx, const std::string& person_id) const;

  void create_call(Tx& tx, const Call& c) const;
  std::optional<Call> find_call(Tx& tx, const std::string& id) const;
  UpdateOutcome update_call(Tx& tx, const Call& c, std::int64_t expected_version) const;
  std::vector<Call> calls(Tx& tx) const;
  void create_application(Tx& tx, const Application& a) const;
  std::optional<Application> find_application(Tx& tx, const std::string& id) const;
  UpdateOutcome update_application(Tx& tx, const Application& a, std::int64_t expected_version) const;
  std::vector<Application> applications_of(Tx& tx, const std::string& call_id) const;
  void put_review(Tx& tx, const Review& r) const;  // insert or replace (one per reviewer)
  std::vector<Review> reviews_of(Tx& tx, const std::string& application_id) const;
  std::vector<Review> reviews_of_call(Tx& tx, const std::string& call_id) const;

 private:
  const Vault& vault_;
};

}  // namespace passerelle::store
